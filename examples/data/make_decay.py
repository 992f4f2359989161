#!/usr/bin/env python3
"""Writes decay.csv: 50 points t = 0, 0.1, ..., 4.9 of y = 2.5 exp(-1.3 t) plus Gaussian noise
of standard deviation 0.02 (Python's random module, seed 15), printed with 6 decimals.
Run from this folder: python3 make_decay.py"""
import math
import random

random.seed(15)
with open("decay.csv", "w") as out:
    out.write("t,y\n")
    for i in range(50):
        t = i / 10
        y = 2.5 * math.exp(-1.3 * t) + random.gauss(0.0, 0.02)
        out.write(f"{t:.1f},{y:.6f}\n")
