"""Plan → JSON text in the `rung.plan/1` contract; stable key order and formatting."""

from __future__ import annotations

import json

from rung.core.plan import Plan
from rung.core.serialize import plan_to_dict


def render_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"
