#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# packaging/sign.sh KEY CERT MODULE [KVER] - sign MODULE (a .ko built for
# KVER, default: its vermagic) with the kernel's own scripts/sign-file,
# using the hash the kernel's configuration names, then check that the
# module carries the signature. SIGN_FILE=path overrides the sign-file
# found in the kernel's headers.

set -euo pipefail

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }

(($# >= 3)) || die "usage: $prog KEY CERT MODULE [KVER]"
key=$1 cert=$2 ko=$3
kver=${4:-$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)}
[[ -n $kver ]] || die "cannot tell the kernel of $ko; give KVER"
[[ -f $ko ]] || die "no module $ko"
[[ -r $key ]] || die "cannot read the private key $key"
[[ -r $cert ]] || die "cannot read the certificate $cert"

kdir=/lib/modules/$kver/build
# Debian's linux-kbuild packages put sign-file beside the kernel's
# scripts; the headers link to it.
sign_file=${SIGN_FILE:-}
if [[ -z $sign_file ]]; then
	for f in "$kdir/scripts/sign-file" \
		 /usr/lib/linux-kbuild-"${kver%.*}"/scripts/sign-file \
		 /usr/src/linux-headers-"$kver"/scripts/sign-file \
		 /usr/src/kernels/"$kver"/scripts/sign-file; do
		if [[ -x $f ]]; then
			sign_file=$f
			break
		fi
	done
fi
[[ -x $sign_file ]] ||
	die "no scripts/sign-file for $kver (install its headers, or set SIGN_FILE)"

hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config" 2>/dev/null)
hash=${hash:-sha256}

"$sign_file" "$hash" "$key" "$cert" "$ko"
signer=$(modinfo -F signer "$ko")
sig_id=$(modinfo -F sig_id "$ko")
[[ -n $signer && -n $sig_id ]] || die "$ko carries no signature after signing"
echo "$prog: $ko signed ($sig_id, $hash) by \"$signer\""
