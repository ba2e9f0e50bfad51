//! The provider's signing keys: RSA 2048, made when the provider starts (and when a
//! test adds one), published as a JWKS; the newest signs.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::sha2::digest::common::getrandom::SysRng;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};

/// One RSA key with its id.
struct Key {
    kid: String,
    private: rsa::PrivateKey,
}

/// Every key the provider publishes, the last one signing.
pub(crate) struct Keys {
    keys: Vec<Key>,
}

impl Keys {
    /// One fresh key, `key-1`.
    pub(crate) fn new() -> Keys {
        let mut keys = Keys { keys: Vec::new() };
        keys.add();
        keys
    }

    /// A fresh key that signs from now on; the older ones stay published. Its id.
    pub(crate) fn add(&mut self) -> String {
        let kid = format!("key-{}", self.keys.len() + 1);
        let private = rsa::PrivateKey::new(&mut SysRng, 2048).expect("RSA key generation");
        self.keys.push(Key {
            kid: kid.clone(),
            private,
        });
        kid
    }

    fn signing(&self) -> &Key {
        self.keys.last().expect("at least one key")
    }

    /// The JWKS document: every key, as Entra publishes them (`kty`, `use`, `kid`,
    /// `n`, `e`).
    pub(crate) fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .map(|k| {
                let public = k.private.to_public_key();
                json!({
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "kid": k.kid,
                    "n": URL_SAFE_NO_PAD.encode(public.n_bytes()),
                    "e": URL_SAFE_NO_PAD.encode(public.e_bytes()),
                })
            })
            .collect();
        json!({ "keys": keys })
    }

    /// `claims` signed RS256 by the signing key, its `kid` in the header.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        let key = self.signing();
        self.sign_as(claims, &key.kid)
    }

    /// `claims` signed by the signing key with `kid` written in the header, whatever
    /// key that names.
    pub(crate) fn sign_as(&self, claims: &Value, kid: &str) -> String {
        let der = self
            .signing()
            .private
            .to_pkcs1_der()
            .expect("PKCS#1 encoding of an RSA key");
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_der(der.as_bytes()))
            .expect("RS256 signing")
    }

    /// The signing key's public half as PEM (what an HS256 forgery uses as its secret).
    pub(crate) fn public_pem(&self) -> String {
        self.signing()
            .private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("PEM encoding of an RSA public key")
    }

    /// The signing key's id.
    pub(crate) fn current_kid(&self) -> String {
        self.signing().kid.clone()
    }
}
