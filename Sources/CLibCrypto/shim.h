#ifndef GOVLEDGER_CLIBCRYPTO_SHIM_H
#define GOVLEDGER_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#endif
