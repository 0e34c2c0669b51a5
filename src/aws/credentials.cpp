#include "aws/credentials.h"

namespace sparkify::aws {

bool Credentials::anonymous() const { return access_key_id.empty() && secret_access_key.empty(); }

}  // namespace sparkify::aws
