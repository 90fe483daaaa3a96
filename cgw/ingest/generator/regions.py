"""The region tree (区划) and resident population per community and year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cgw.ingest.generator import pools
from cgw.ingest.generator.targets import Targets

POPULATION_YEARS = 6  # as-of year and the five before it


@dataclass
class RegionTree:
    regions: pd.DataFrame  # region_id, name, level, parent_id (parents before children)
    community_ids: np.ndarray  # community codes, sorted
    community_street: np.ndarray  # index of each community's street in street_ids
    street_ids: np.ndarray
    population: np.ndarray  # per community, for the as-of year (sums to the plan)


def _split(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` that sum exactly to `total` (largest remainder)."""
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(np.int64)
    out[np.argsort(out - raw)[: total - out.sum()]] += 1
    return out


def _unique_names(rng: np.random.Generator, words: tuple[str, ...], n: int, suffix: str) -> list[str]:
    base = list(rng.permutation(words))
    names = [base[i % len(base)] + ("" if i < len(base) else str(i // len(base) + 1)) + suffix for i in range(n)]
    return names


def build_regions(t: Targets, population: int, rng: np.random.Generator) -> RegionTree:
    rows: list[tuple[str, str, str, str | None]] = []
    root = t.root
    if root.level == "province":
        rows.append((root.code, root.name, "province", None))
        cities = pools.SHANDONG_CITIES
        districts_per_city = _split(max(len(cities), t.streets // 13), np.ones(len(cities)))
        district_names = _unique_names(rng, pools.DISTRICT_WORDS, int(districts_per_city.sum()), "区")
        district_ids = []
        k = 0
        for (city_code, city_name), nd in zip(cities, districts_per_city):
            rows.append((city_code, city_name, "city", root.code))
            for j in range(nd):
                did = f"{city_code}{j + 1:02d}"
                rows.append((did, district_names[k], "district", city_code))
                district_ids.append(did)
                k += 1
    else:
        rows.append((root.code, root.name, "district", None))
        district_ids = [root.code]

    streets_per_district = _split(t.streets, np.ones(len(district_ids)))
    street_ids, street_names = [], []
    preset_names = {"370705": pools.KUIWEN_STREETS, "141024": pools.HONGTONG_TOWNS}.get(root.code)
    generic = _unique_names(rng, pools.STREET_WORDS, t.streets, "街道")
    for did, ns in zip(district_ids, streets_per_district):
        for j in range(ns):
            sid = f"{did}{j + 1:03d}"
            i = len(street_ids)
            name = preset_names[i] if preset_names and i < len(preset_names) else generic[i]
            rows.append((sid, name, "street", did))
            street_ids.append(sid)
            street_names.append(name)

    per_street = _split(t.communities, rng.uniform(0.7, 1.3, t.streets))
    per_street = np.maximum(per_street, 1)
    while per_street.sum() > t.communities:  # the floor of 1 can overshoot by a few
        per_street[np.argmax(per_street)] -= 1
    names = _unique_names(rng, pools.COMMUNITY_WORDS, t.communities, "社区")
    community_ids, community_street = [], []
    for s_idx, (sid, nc) in enumerate(zip(street_ids, per_street)):
        for j in range(nc):
            cid = f"{sid}{j + 1:03d}"
            rows.append((cid, names[len(community_ids)], "community", sid))
            community_ids.append(cid)
            community_street.append(s_idx)

    pop = _split(population, rng.lognormal(0.0, 0.35, t.communities))
    regions = pd.DataFrame(rows, columns=["region_id", "name", "level", "parent_id"])
    return RegionTree(regions, np.array(community_ids), np.array(community_street), np.array(street_ids), pop)


def population_rows(tree: RegionTree, as_of: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Population per community for each year; the as-of year equals tree.population exactly."""
    years = np.arange(as_of.year - POPULATION_YEARS + 1, as_of.year + 1)
    n = len(tree.community_ids)
    growth = rng.normal(0.006, 0.01, n)  # yearly growth per community
    back = as_of.year - years  # years before the as-of year
    pop = np.rint(tree.population[None, :] / (1 + growth[None, :]) ** back[:, None]).astype(np.int64)
    pop[-1] = tree.population
    household_size = rng.uniform(2.4, 2.9, n)
    return pd.DataFrame(
        {
            "region_id": np.tile(tree.community_ids, len(years)),
            "year": np.repeat(years, n).astype(np.int32),
            "resident_population": pop.ravel().astype(np.int32),
            "households": np.rint(pop / household_size[None, :]).ravel().astype(np.int32),
        }
    )
