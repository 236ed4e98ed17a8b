"""The tokens that prove a fan owns a nickname. No Django.

A token is 256 random bits, URL-safe; the database keeps only its SHA-256. A token has that
much entropy, so a fast hash is enough: nobody can search 2^256 inputs, and a stolen database
holds no token that works.
"""

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # a real token is 43 characters


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token):
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def token_matches(token, token_hash):
    """True when `token` is the one `token_hash` was made from (constant time)."""
    return bool(token and token_hash) and hmac.compare_digest(hash_token(token), token_hash)
