"""I1 plans, I2 双随机 draws, I3 signed inspection records."""
