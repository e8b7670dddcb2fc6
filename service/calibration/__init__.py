"""Fair decisions across forms: item difficulties stored per revision once calibrated, the
exam's calibrated reporting scale, and each attempt's ability and reported score on it."""
