"""A passkey in software, for tests that go through allauth's real WebAuthn views.

It answers the options the server sends as a platform authenticator would (a P-256 key,
"none" attestation, user present and verified), so allauth and fido2 check real signatures
over real challenges. tests/browser/test_mfa.py does the same with Chromium's virtual
authenticator; this one needs no browser.
"""

import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticationResponse,
    AuthenticatorAssertionResponse,
    AuthenticatorAttestationResponse,
    AuthenticatorData,
    CollectedClientData,
    RegistrationResponse,
)

ORIGIN = "http://testserver"  # the test client's host; needs MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN
FLAGS = AuthenticatorData.FLAG


def _public_key_options(options) -> dict:
    """The ``publicKey`` part of creation or request options, as JSON (allauth hands them
    to the page's script as fido2 objects or, from the login endpoint, as JSON)."""
    return json.loads(json.dumps(options, default=dict))["publicKey"]


class SoftPasskey:
    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.user_handle = b""
        self.counter = 0

    def _auth_data(self, rp_id: str, flags, credential_data: bytes = b"") -> AuthenticatorData:
        self.counter += 1
        rp_id_hash = hashlib.sha256(rp_id.encode()).digest()
        return AuthenticatorData.create(rp_id_hash, flags, self.counter, credential_data)

    def register(self, creation_options) -> str:
        """The credential (JSON) that the add-passkey form posts."""
        options = _public_key_options(creation_options)
        self.user_handle = websafe_decode(options["user"]["id"])
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.CREATE, challenge=options["challenge"], origin=ORIGIN
        )
        public_key = ES256.from_cryptography_key(self.key.public_key())
        credential = AttestedCredentialData.create(Aaguid.NONE, self.credential_id, public_key)
        auth_data = self._auth_data(options["rp"]["id"], FLAGS.UP | FLAGS.UV | FLAGS.AT, credential)
        response = RegistrationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAttestationResponse(
                client_data=client_data,
                attestation_object=AttestationObject.create("none", auth_data, {}),
            ),
            client_extension_results={"credProps": {"rk": True}},  # a discoverable passkey
        )
        return json.dumps(dict(response))

    def sign_in(self, request_options) -> str:
        """The signed assertion (JSON) that the passkey login form posts."""
        options = _public_key_options(request_options)
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.GET, challenge=options["challenge"], origin=ORIGIN
        )
        auth_data = self._auth_data(options["rpId"], FLAGS.UP | FLAGS.UV)
        signature = self.key.sign(auth_data + client_data.hash, ec.ECDSA(hashes.SHA256()))
        response = AuthenticationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAssertionResponse(
                client_data=client_data,
                authenticator_data=auth_data,
                signature=signature,
                user_handle=self.user_handle,
            ),
        )
        return json.dumps(dict(response))
