"""The portal runs on several machines that share only PostgreSQL, Redis and the media store.

Two web servers (gunicorn, production settings, each with a var/ directory of its own, the
same SECRET_KEY) and a Celery worker run as subprocesses against the test's database and
Redis; the uploads go to one directory both web servers mount (docs/deployment.md). Over
real HTTP a member logs in on A, starts an application on A and carries on on B with the
same session, submits it with an attachment on B; the worker sends the receipt through the
outbox; an officer decides the case in the admin on A and opens it on B; the attachment
comes back byte for byte from A and from B, and the decision letter (a PDF with the static
letter CSS) from B.

Static files are collected once, as into an image that every machine runs: by the plain
manifest storage, which writes the same manifest as production's compressed one without
spending half a minute compressing.
"""

import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import Application, Decision, Question
from organisations.models import EligibilityPeriod
from portal.models import Notification, Role
from portal.services import role_assign
from tests.deployment.machines import (
    Browser,
    forms_of,
    portal_environment,
    start_web,
    start_worker,
    wait_for,
    wait_until_serving,
)
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory, UserFactory
from tests.security.upload_samples import PDF

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "several-machines-password"
PURPOSE = "Schack för alla i Fisksätra"
ATTACHMENT = PDF + b"%" + bytes(range(256)) * 64  # a PDF with every byte value in it
# The production hasher: the test settings' MD5 is unknown to the machines.
PRODUCTION_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def url(name: str, *args) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def assert_redirect(response, to: str) -> None:
    assert response.status_code == 302, (response.status_code, response.text[-3000:])
    assert response.headers["Location"] == to


@pytest.fixture
def image_static(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("image") / "staticfiles"
    manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": manifest}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def machines(database_url, image_static, tmp_path):
    """Web servers A and B and a worker, started (not yet waited for); stopped at the end."""
    shared = {
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(tmp_path / "shared-media"),  # the volume both machines mount
        "STATIC_ROOT": str(image_static),
        "CELERY_QUEUE": f"samverkan-machines-{uuid.uuid4().hex[:8]}",  # only our worker's
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "REQUIRE_STAFF_MFA": "false",
    }
    var = {name: tmp_path / f"var-{name}" for name in ("a", "b", "worker")}
    env = {name: portal_environment(var_dir=path, **shared) for name, path in var.items()}
    processes = []
    try:
        processes.append(start_web("A", env["a"], tmp_path / "a.log"))
        processes.append(start_web("B", env["b"], tmp_path / "b.log"))
        worker = start_worker(env["worker"], tmp_path / "worker.log", shared["CELERY_QUEUE"])
        processes.append(worker)
        yield SimpleNamespace(
            a=processes[0], b=processes[1], worker=worker, media=Path(shared["MEDIA_ROOT"]),
            var=var,
        )  # fmt: skip
    finally:
        for process in processes:
            process.stop()


def the_case():
    """A call with a file question, an eligible association's member and the officer."""
    member = MembershipFactory(organisation__approved=True)
    organisation = member.organisation
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=timezone.localdate() - timedelta(days=1),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    programme = GrantProgrammeFactory(committee__municipality=organisation.municipality)
    questions = [
        ("syfte", "Syfte", "textarea"), ("deltagare", "Deltagare", "number"),
        ("belopp", "Sökt belopp", "amount"), ("bilaga", "Bilaga", "file"),
    ]  # fmt: skip
    for order, (key, label, kind) in enumerate(questions):
        Question.objects.create(
            programme=programme, key=key, label=label, field_type=kind, required=True,
            ordering=order,
        )  # fmt: skip
    officer = UserFactory()
    role_assign(
        user=officer, municipality=organisation.municipality, role=Role.OFFICER,
        committee=programme.committee,
    )  # fmt: skip
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        member.user.set_password(PASSWORD)  # a second the hash: one for both
    officer.password = member.user.password
    for user in (member.user, officer):
        user.save(update_fields=["password"])
    return CallFactory(programme=programme), member.user, organisation, officer


def sent(kind: str, recipient: str):
    return Notification.objects.filter(
        kind=kind, recipient=recipient, status=Notification.Status.SENT
    ).first()


def test_a_case_moves_between_machines_that_share_only_database_redis_and_media(machines):
    a, b, worker = machines.a, machines.b, machines.worker
    call, member, organisation, officer = the_case()  # while the machines start
    wait_until_serving(a)
    wait_until_serving(b)

    # --- The member logs in on A, starts an application there and saves a draft -----------
    person = Browser()
    person.get(a, url("account_login"))  # the CSRF cookie
    login = {"login": member.email, "password": PASSWORD}
    assert_redirect(person.post(a, url("account_login"), login), url("portal:my_page"))
    response = person.post(a, url("grants:start", call.pk), {"organisation": organisation.pk})
    application = Application.objects.get(call=call)
    form_url = url("grants:application", application.pk)
    assert_redirect(response, form_url)
    response = person.post(a, form_url, {"action": "save", "q_syfte": PURPOSE})
    assert_redirect(response, form_url)

    # --- ...carries on on B with the same session, and submits with an attachment there ----
    page = person.get(b, form_url)
    assert page.status_code == 200
    assert PURPOSE in page.text  # the draft saved through A
    answers = {"action": "submit", "q_syfte": PURPOSE, "q_deltagare": "20", "q_belopp": "12000"}
    upload = {"q_bilaga": ("verksamhetsplan.pdf", ATTACHMENT, "application/pdf")}
    response = person.post(b, form_url, answers, files=upload)
    assert_redirect(response, url("grants:receipt", application.pk))
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    attachment = application.attachments.get()
    # In the shared store; nothing in either machine's own var/.
    shared = FileSystemStorage(location=machines.media)
    assert shared.open(attachment.file.name).read() == ATTACHMENT
    for var in machines.var.values():
        assert not [p for p in var.rglob("*") if p.is_file()], var

    # --- The worker sends the receipt through the outbox -----------------------------------
    wait_for(lambda: sent("grants.receipt", member.email), 60, "the receipt sent by the worker")
    assert f"To: {member.email}" in wait_for(
        lambda: worker.output() if member.email in worker.output() else "", 10, "the mail"
    )

    # --- An officer decides the case in the admin on A, and opens it on B -------------------
    clerk = Browser()
    clerk.get(a, "/admin/login/")
    login = {"username": officer.email, "password": PASSWORD, "next": "/admin/"}
    assert_redirect(clerk.post(a, "/admin/login/?next=/admin/", login), "/admin/")
    decide = f"/admin/grants/application/{application.pk}/decide/"
    page = clerk.get(a, decide)
    assert page.status_code == 200, page.text[-2000:]
    [form] = [f for f in forms_of(page.text) if "outcome" in dict(f.fields)]
    choices = form.values(
        outcome="approved", amount="12000", reasons="Uppfyller kriterierna.",
        decided_by_kind="delegated_officer",
    )  # fmt: skip
    case = f"/admin/grants/application/{application.pk}/change/"
    assert_redirect(clerk.post(a, decide, choices), case)
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.decided_by) == (Decision.Outcome.APPROVED, officer)
    page = clerk.get(b, case)
    assert page.status_code == 200
    assert application.diarienummer in page.text

    # --- The attachment comes back byte for byte from A and from B --------------------------
    download = url("grants:attachment", application.pk, attachment.pk)
    from_a, from_b = person.get(a, download), person.get(b, download)
    assert from_a.status_code == from_b.status_code == 200
    assert from_a.content == from_b.content == ATTACHMENT
    assert from_b.headers["Content-Disposition"] == 'attachment; filename="verksamhetsplan.pdf"'
    letter = person.get(b, url("grants:decision_letter_pdf", application.pk))
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF-")
    wait_for(lambda: sent("grants.decision", member.email), 60, "the decision sent by the worker")
