"""Publishing: render the panel's theme pages from the marts, only after the gate passed."""
