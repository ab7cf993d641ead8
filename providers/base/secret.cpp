#include "providers/base/secret.hpp"

#include <openssl/crypto.h>

namespace ddnsguard::providers {

Secret::~Secret() {
  if (!m_bytes.empty()) OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
}

}  // namespace ddnsguard::providers
