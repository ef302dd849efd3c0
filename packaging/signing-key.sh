#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# packaging/signing-key.sh DIR - make a throw-away module signing key pair
# in DIR: signing_key.pem (the private key, mode 0600) and
# signing_key.x509 (the certificate, DER, as mokutil --import takes it).
# For tests and for a machine of one's own; a distribution signs with a key
# it keeps safe. Documentation/building.rst tells how to enrol it as a MOK.

set -euo pipefail

dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
key=$dir/signing_key.pem
cert=$dir/signing_key.x509

umask 077
openssl req -new -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
	-subj "/CN=vxfp module signing key ($(hostname))/" \
	-addext "basicConstraints=critical,CA:FALSE" \
	-addext "keyUsage=digitalSignature" \
	-addext "extendedKeyUsage=codeSigning" \
	-keyout "$key" -outform DER -out "$cert" 2>/dev/null
chmod 0644 "$cert"
echo "signing-key: $key (private) and $cert (certificate)"
