"""The closest plans named for a mistyped `-a plan=...` (crawler.plan_choice)."""

from __future__ import annotations

from crawler.plan_choice import closest_plans, unknown_plan_message

PLANS = [{"resourceType": "InsurancePlan", "id": "plan-silver-ppo", "name": "Juniper Silver PPO 2026"},
         {"resourceType": "InsurancePlan", "id": "plan-gold-ppo", "name": "Juniper Gold PPO 2026",
          "alias": ["Gold Plus"]},
         {"resourceType": "InsurancePlan", "id": 7, "name": None}]


def test_an_id_or_a_half_remembered_name_finds_the_plan():
    assert closest_plans("plan-silvr-ppo", PLANS)[0] == "plan-silver-ppo (Juniper Silver PPO 2026)"
    assert closest_plans("gold plus", PLANS) == ["plan-gold-ppo (Juniper Gold PPO 2026)"]
    assert closest_plans("zz-9", PLANS) == []


def test_text_from_the_server_cannot_reach_the_terminal_raw():
    evil = [{"id": "plan-x\x1b[2J", "name": "Juniper\nSilver " + "x" * 200}]
    message = unknown_plan_message("plan-x", evil)
    assert "\x1b" not in message and "\n" not in message and len(message) < 300


def test_a_directory_without_plans_or_unreadable_says_so():
    assert unknown_plan_message("p", []).endswith("which lists no InsurancePlan at all")
    assert "could not be read" in unknown_plan_message("p", [], complete=False)
