"""Admin sign-in: repeated failures lock out the username and the address, with a message in the admin's
language; an administrator unlocks; password hashing runs one at a time, so guessing cannot starve readers."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LOCKED = {
    "it": "Troppi tentativi di accesso non riusciti per questo account o da questo indirizzo. "
    "L&#x27;accesso è bloccato per 15 minuti.",
    "en": "Too many failed sign-in attempts for this account or from this address. "
    "Signing in is blocked for 15 minutes.",
}


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.invalid", PASSWORD)


def sign_in(client, username, password, address="203.0.113.7", language="it", **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
        **extra,
    )


def fail(client, times, username="editor", address="203.0.113.7", **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", address, **extra)
        assert response.status_code in (200, 429)
    return response


@pytest.mark.parametrize("language", ["it", "en"])
def test_five_failures_lock_the_account_even_for_the_right_password(client, editor, language):
    assert fail(client, 4).status_code == 200  # four failures: the form again, not locked
    fifth = sign_in(client, "editor", "wrong", language=language)
    assert fifth.status_code == 429 and LOCKED[language] in fifth.content.decode()
    response = sign_in(client, "editor", PASSWORD, language=language)
    assert response.status_code == 429
    assert LOCKED[language] in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still signed out


def test_the_account_is_locked_from_every_address(client, editor):
    fail(client, 5, address="203.0.113.7")
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.20").status_code == 429


def test_an_address_guessing_many_usernames_is_locked_out(client, editor, django_user_model):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        fail(client, 1, username=name, address="203.0.113.9")
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.9").status_code == 429
    # Another address still signs in: the lockout is per address, not for everyone.
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.20").status_code == 302


def test_an_administrator_unlocks_a_user(client, editor):
    fail(client, 5)
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "203.0.113.7")
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_forged_forwarded_for_does_not_dodge_the_lockout_without_a_proxy(client, editor, settings):
    settings.BEHIND_PROXY = False
    for n in range(5):
        sign_in(client, f"user{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_the_proxy_each_client_address_counts_separately(client, editor, settings):
    settings.BEHIND_PROXY = True
    for n in range(5):
        # nginx sets X-Forwarded-For to the address it saw; the client's own value comes first and is ignored.
        sign_in(client, f"user{n}", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.1")
    assert sign_in(client, "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert sign_in(client, "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302


def test_stored_passwords_still_verify_with_the_serialized_hasher():
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from core.security import SerializedPBKDF2PasswordHasher

    stored = PBKDF2PasswordHasher().encode("secret", "somesalt", iterations=1000)
    hasher = SerializedPBKDF2PasswordHasher()
    assert hasher.algorithm == "pbkdf2_sha256"
    assert hasher.verify("secret", stored) and not hasher.verify("wrong", stored)


def test_only_one_password_is_hashed_at_a_time_across_processes(tmp_path, settings):
    """A second process (another gunicorn worker) holding the hashing lock makes this one wait."""
    from core.security import SerializedPBKDF2PasswordHasher

    lock = tmp_path / "hashing.lock"
    settings.PASSWORD_HASHING_LOCK_FILE = str(lock)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(1.0)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent,
    )
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    SerializedPBKDF2PasswordHasher().encode("secret", "somesalt", iterations=1000)
    waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert waited > 0.5
