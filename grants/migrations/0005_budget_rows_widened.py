"""The budget table grew from 8 cost rows and 4 funder rows to 20 and 8: the typed values of
existing answers are renumbered so that own funding and funders keep their places."""

from django.db import migrations

OLD_COSTS, NEW_COSTS = 8, 20


def _renumber(answers: dict, key: str, shift: int) -> dict:
    prefix = f"q_{key}_"
    moved = {}
    for name, value in answers.items():
        suffix = name.removeprefix(prefix)
        if name.startswith(prefix) and suffix.isdigit() and int(suffix) >= 2 * OLD_COSTS:
            moved[f"{prefix}{int(suffix) + shift}"] = value
        else:
            moved[name] = value
    return moved


def widen(apps, schema_editor):
    Question = apps.get_model("grants", "Question")
    Application = apps.get_model("grants", "Application")
    shift = 2 * (NEW_COSTS - OLD_COSTS)
    for question in Question.objects.filter(field_type="budget"):
        applications = Application.objects.filter(call__programme_id=question.programme_id)
        for application in applications.iterator():
            renumbered = _renumber(application.answers, question.key, shift)
            if renumbered != application.answers:
                application.answers = renumbered
                application.save(update_fields=["answers"])


def narrow(apps, schema_editor):
    Question = apps.get_model("grants", "Question")
    Application = apps.get_model("grants", "Application")
    shift = 2 * (NEW_COSTS - OLD_COSTS)
    for question in Question.objects.filter(field_type="budget"):
        prefix = f"q_{question.key}_"
        for application in Application.objects.filter(call__programme_id=question.programme_id):
            answers = {}
            for name, value in application.answers.items():
                suffix = name.removeprefix(prefix)
                if name.startswith(prefix) and suffix.isdigit():
                    index = int(suffix)
                    if 2 * OLD_COSTS <= index < 2 * NEW_COSTS:
                        continue  # rows 9-20 do not fit the old table
                    if index >= 2 * NEW_COSTS:
                        name = f"{prefix}{index - shift}"
                answers[name] = value
            application.answers = answers
            application.save(update_fields=["answers"])


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_assessment_payouts_reports")]

    operations = [migrations.RunPython(widen, narrow)]
