#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages' half of dkms.sh: make deb's vxfp-dkms and vxfp-tools
# installed with dpkg -i, the module loaded and driven, then dpkg -r; on
# one kernel only (DKMS_DEB_KVER). Its own script, so that each half has
# a whole timeout (selftests/settings) for its module build.

DKMS_PART=deb exec "$(dirname "$0")/dkms.sh"
