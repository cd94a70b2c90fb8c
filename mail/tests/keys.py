"""OpenPGP key pairs made for the tests (private keys never leave the test's temporary keyring)."""

import tempfile
from dataclasses import dataclass

import gnupg


@dataclass
class KeyPair:
    gpg: gnupg.GPG
    fingerprint: str
    public: str

    def decrypt(self, armored: str) -> str:
        result = self.gpg.decrypt(armored)
        assert result.ok, result.status
        return str(result)


def make_key_pair(email: str, expire: str = "2y") -> KeyPair:
    return _generate(email, expire, subkey_type="ECDH", subkey_curve="cv25519")


def make_signing_only_key(email: str) -> str:
    """The public part of a valid key that can sign but has no encryption subkey: GnuPG will not encrypt to it."""
    return _generate(email, "2y", key_usage="sign").public


def _generate(email: str, expire: str, **key_input) -> KeyPair:
    home = tempfile.mkdtemp(prefix="enlace-test-gpg-")
    gpg = gnupg.GPG(gnupghome=home)
    key = gpg.gen_key(
        gpg.gen_key_input(
            name_email=email,
            key_type="EDDSA",
            key_curve="ed25519",
            expire_date=expire,
            no_protection=True,
            **key_input,
        )
    )
    return KeyPair(gpg=gpg, fingerprint=key.fingerprint, public=gpg.export_keys(key.fingerprint))
