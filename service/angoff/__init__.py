"""Standard setting by the modified Angoff method: panelists' ratings per exam item, the
recommended cut with its standard error, and adopting it as the exam's cut."""
