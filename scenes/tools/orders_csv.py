#!/usr/bin/env python3
"""Writes scenes/orders.csv: the lot-size-1 order book of scenes/orders.cfg
(a family of 200 housing variants). Deterministic (a fixed seed), so the
file can be made again: python3 scenes/tools/orders_csv.py > scenes/orders.csv
"""
import random

OPTIONS = [
    ("bore", ["B40", "B45", "B50", "B55", "B60"], [1, 2, 4, 2, 1]),
    ("flange", ["std", "wide"], [3, 1]),
    ("seal", ["nbr", "fkm", "epdm", "silicone"], [4, 2, 2, 1]),
    ("finish", ["raw", "anodised", "black", "ecoat", "powder"], [3, 2, 2, 1, 1]),
]
N = 600
DAYS = 4          # released Monday to Thursday, 06:00-22:00
LEADS = [(720, 2), (1080, 3), (1440, 3), (2160, 2)]  # minutes: 12 h, 18 h, 1 day, 1.5 days


def pick(rng, values, weights):
    return rng.choices(values, weights=weights)[0]


def clock(minutes):
    d, m = divmod(minutes, 24 * 60)
    text = f"{m // 60}h {m % 60}min"
    return f"{d}d {text}" if d else text


def main():
    rng = random.Random(2024)
    print("# Order book of scenes/orders.cfg: 600 lot-size-1 orders of the housing")
    print("# family (4 options, 200 variants), released Monday to Thursday of week 1")
    print("# during the two shifts, each due 12 h to 1.5 days after its release.")
    print("# Made by scenes/tools/orders_csv.py (seed 2024); times after the run's")
    print("# start (Monday 00:00).")
    print("id,product,quantity,release,due,options")
    per_day = N // DAYS
    for i in range(N):
        day, k = divmod(i, per_day)
        minute = 6 * 60 + (16 * 60) * k // per_day + rng.randrange(0, 16 * 60 // per_day)
        release = day * 24 * 60 + minute
        lead = pick(rng, [l for l, _ in LEADS], [w for _, w in LEADS])
        opts = ";".join(f"{name}={pick(rng, vals, w)}" for name, vals, w in OPTIONS)
        print(f"H-{i + 1:04d},housing,1,{clock(release)},{clock(release + lead)},{opts}")


if __name__ == "__main__":
    main()
