"""Every model's state table (core/workflow.py) names actions that exist: each has its permission
rule (org/permissions.py) and its words in the audit trail (core/actions.py), and each state it
names is one of the field's choices, so the table, the map and the trail cannot drift apart."""

from django.apps import apps

from zhengwu.core import actions
from zhengwu.core.workflow import Workflow
from zhengwu.org import permissions


def _tables():
    for model in apps.get_models():
        for name, value in vars(model).items():
            if isinstance(value, Workflow):
                yield model, name, value


def test_the_apps_declare_their_tables():
    labels = {model._meta.label for model, _name, _flow in _tables()}
    for wanted in (
        "cases.Case",
        "interaction.Message",
        "interaction.Complaint",
        "disclosure_requests.Request",
        "disclosure.Document",
        "ratings.Rectification",
        "supervision.Card",
    ):
        assert wanted in labels


def test_every_action_of_every_table_has_a_rule_and_words_and_real_states():
    rules = permissions.rules()
    for model, name, flow in _tables():
        field = model._meta.get_field(flow.field)
        choices = {v for v, _label in field.flatchoices} | ({""} if field.blank else set())
        for t in flow.transitions.values():
            where = f"{model._meta.label}.{name}: {t.action}"
            assert t.action in rules, where
            actions.check(t.action)  # raises for an action the trail cannot name
            targets = (t.target,) if isinstance(t.target, str) else (t.target or ())
            assert set(t.sources) <= choices and set(targets) <= choices, where
