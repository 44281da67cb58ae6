"""Profiles and lookup keys as format 1 wrote them (text keys), to test reading and migrating."""

from __future__ import annotations

import json

from aggregator.dedup.fingerprint import _BAND_SALT, FingerprintParams, TextProfile, _pack

MASK = (1 << 64) - 1


def text_keys(profile: TextProfile, bands: int = FingerprintParams().bands) -> list[str]:
    """The format-1 text of each integer key: band keys first, then anchors."""
    out = []
    for i, key in enumerate(profile.band_keys):
        if i < bands:
            out.append(f"b{i:02d}:{(key ^ ((i + 1) * _BAND_SALT)) & MASK:016x}")
        else:
            out.append(f"a:{key & MASK:016x}")
    return out


def profile_json(profile: TextProfile) -> str:
    return json.dumps(
        {
            "v": 1,
            "k": profile.shingle_size,
            "body_hash": profile.body_hash,
            "band_keys": text_keys(profile),
            "tokens": _pack(profile.tokens),
            "paras": list(profile.para_starts),
            "caps": _pack(sorted(profile.caps)),
            "quoted": [i for span in profile.quoted for i in span],
        },
        separators=(",", ":"),
    )
