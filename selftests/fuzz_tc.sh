#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz tc flower offload: random but valid flower rules (random keys of
# what flower matches, random masks, random lists of actions, offloadable
# or not) added to the representors and the PF of a switchdev switch,
# with and without skip_sw, and to VXLAN devices (indirect blocks;
# without skip_sw, which tc refuses there, and with flower's verbose
# flag), some deleted, some replaced, with a little ping traffic
# meanwhile. Then the invariants:
#
#   - no splat in the kernel log;
#   - every skip_sw rule tc refused came with a message ("Error: vxfp:
#     ..." or one of tc's own): a bare "Operation not supported" is a
#     finding, and the rule is listed;
#   - the rules tc reports in_hw, device by device, are as many as the
#     flows of their in_port in "nlctl flow show", at checkpoints along
#     the way and at the end;
#   - once every rule is deleted no flow is left, and the module unloads.
#
# No verdict depends on timing: the traffic is load only, and each
# (device, chain, pref) holds one rule at most, so that no two rules can
# share a flow (vxfp treats a second rule of the same binding, match and
# priority as a replace; see Documentation/offload.rst, Caveats). A
# replace keeps the rule's keys and masks, changing values and actions:
# flower refuses to replace a rule by one of another mask, with a bare
# EINVAL (fl_check_assign_mask()).
#
#   ns C0          ns C1          ns A                                ns B
#   +---------+    +---------+    +-------------------------------+   +--------------+
#   | sw0v0   |    | sw0v1   |    | sw0_0 sw0_1 sw0_2 sw0_3 (reps)|   | vx0 (id 42)  |
#   | .2.1/24 |    | .2.2/24 |    | vxlan0 (external, 4789)       |   | 192.0.2.100  |
#   +----|----+    +----|----+    | vx1 (id 43, 4790)             |   |              |
#        |              |         | fzv0 (not a port: refusals)   |   |              |
#        |              |         | sw0 (PF) 10.0.0.1/24          |   |              |
#        |              |         |  eth0 (uplink) ---------------+---+ eth0         |
#        +--- switch sw0 (switchdev, 4 VFs) ---+                      | 10.0.0.2/24  |
#                                                                     +--------------+
#
# FUZZ_SEED (default 1) seeds the rules; FUZZ_TC_ITERATIONS (default 400)
# bounds the tc commands, FUZZ_TC_TIME (default 60) the seconds spent on
# them (a VM under TCG does one or two a second). The counts are checked
# every 50 commands and at the end. FUZZ_TC_PRINT=N prints the first N
# commands of the seed, as if each succeeded, and exits (no root or module
# needed); VERBOSE=1 prints each command and what tc said.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

: "${FUZZ_SEED:=1}" "${FUZZ_TC_ITERATIONS:=400}" "${FUZZ_TC_TIME:=60}"
: "${FUZZ_TC_PRINT:=0}"

REPS=(sw0_0 sw0_1 sw0_2 sw0_3)
PF=sw0
VXLANS=(vxlan0 vx1)
DEVS=("${REPS[@]}" "$PF" "${VXLANS[@]}")

# ------------------------------------------------------------ the generator
#
# A PRNG of our own (64-bit LCG, no subshell may draw from it), so that a
# seed gives the same rules with any bash.

R=$(( (FUZZ_SEED * 2654435761 + 1) & 0x7fffffffffffffff ))

# rnd N: REPLY from 0 to N - 1.
rnd()
{
	R=$(( (R * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff ))
	REPLY=$(( (R >> 29) % $1 ))
}

# chance PCT: true PCT times in 100.
chance()
{
	rnd 100
	((REPLY < $1))
}

# pick WORD...: one of them, in P.
pick()
{
	rnd $#
	shift "$REPLY"
	P=$1
}

gen_mac()
{
	pick 02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:aa \
		ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 00:00:00:00:00:00
	MAC=$P
	if chance 30; then
		pick /24 /48 /0 /ff:ff:ff:00:00:00 /01:00:00:00:00:00 /8
		MAC+=$P
	fi
}

# gen_addr 4|6 [noprefix]: ADDR.
gen_addr()
{
	if [[ $1 == 4 ]]; then
		pick 192.0.2.1 192.0.2.2 192.0.2.100 10.0.0.1 10.0.0.2 \
			198.51.100.7 0.0.0.0 224.0.0.5
	else
		pick 2001:db8::1 2001:db8::2 2001:db8:1::100 fe80::1 :: ff02::1
	fi
	ADDR=$P
	if [[ -z ${2:-} ]] && chance 30; then
		if [[ $1 == 4 ]]; then
			pick /8 /16 /24 /31 /32 /0
		else
			pick /32 /64 /127 /128 /0
		fi
		ADDR+=$P
	fi
}

# gen_l3 4|6: the match of an IP packet, into M.
gen_l3()
{
	local fam=$1 proto=

	if chance 40; then gen_addr "$fam"; M+=(src_ip "$ADDR"); fi
	if chance 50; then gen_addr "$fam"; M+=(dst_ip "$ADDR"); fi
	if chance 65; then
		if [[ $fam == 4 ]]; then
			pick tcp tcp udp udp sctp icmp icmp 0x2f 0x11
		else
			pick tcp udp sctp icmpv6 icmpv6 0x3a 0x2f
		fi
		proto=$P
		M+=(ip_proto "$proto")
	fi
	case $proto in
	tcp|udp|sctp|0x11)
		if chance 60; then
			pick 80 53 4789 22 1 80/0xfff0 1024/0xfc00
			chance 8 && P=100-200
			M+=(dst_port "$P")
		fi
		if chance 30; then
			pick 1024 5000 1 53/0xff
			M+=(src_port "$P")
		fi
		if [[ $proto == tcp ]] && chance 25; then
			pick 0x2/0x12 0x10 0x2 0x0/0x2 0x12/0xff
			M+=(tcp_flags "$P")
		fi
		;;
	icmp|icmpv6|0x3a)
		if chance 60; then
			if [[ $fam == 4 ]]; then pick 8 0 3 11; else pick 128 129 135 0; fi
			M+=(type "$P")
		fi
		if chance 30; then
			pick 0 1 3
			M+=(code "$P")
		fi
		;;
	esac
	if chance 15; then pick 0x10/0xfc 0x0 0x20 0xb8/0xfc; M+=(ip_tos "$P"); fi
	if chance 15; then pick 64 1 64/0xf0 255; M+=(ip_ttl "$P"); fi
	if chance 15; then
		pick frag nofrag frag/firstfrag frag/nofirstfrag nofirstfrag \
			firstfrag nofrag/firstfrag nofrag/nofirstfrag
		M+=(ip_flags "$P")
	fi
}

gen_arp()
{
	if chance 50; then pick request reply request 1 2 0; M+=(arp_op "$P"); fi
	if chance 40; then gen_addr 4; M+=(arp_sip "$ADDR"); fi
	if chance 40; then gen_addr 4; M+=(arp_tip "$ADDR"); fi
	if chance 20; then gen_mac; M+=(arp_sha "$MAC"); fi
	if chance 15; then gen_mac; M+=(arp_tha "$MAC"); fi
}

# gen_inner ETHTYPE: what follows an ethertype.
gen_inner()
{
	case $1 in
	ip) gen_l3 4 ;;
	ipv6) gen_l3 6 ;;
	arp) gen_arp ;;
	esac
}

# gen_tunnel DEV: the enc_* keys of a VXLAN device's rule.
gen_tunnel()
{
	if chance 85; then
		pick 10.0.0.1 10.0.0.1 10.0.0.1 10.0.0.1 10.0.0.1/24 10.9.9.9 \
			2001:db8:1::1
		M+=(enc_dst_ip "$P")
	fi
	if chance 45; then
		if [[ ${M[*]} == *2001:db8:1::1* ]]; then
			pick 2001:db8:1::2 2001:db8:1::/64
		else
			pick 10.0.0.2 10.0.0.2 10.0.0.0/24 192.0.2.9
		fi
		M+=(enc_src_ip "$P")
	fi
	if chance 70; then
		if [[ $1 == vx1 ]]; then pick 43 43 43 44; else pick 42 42 7 100 16777215 16777216; fi
		M+=(enc_key_id "$P")
	fi
	if chance 35; then
		if [[ $1 == vx1 ]]; then pick 4790 4790 4789; else pick 4789 4789 4790 1234; fi
		M+=(enc_dst_port "$P")
	fi
	if chance 12; then pick 0x10/0xfc 0 0x20; M+=(enc_tos "$P"); fi
	if chance 12; then pick 64 64/0xf0 1; M+=(enc_ttl "$P"); fi
}

# gen_match KIND PROTO: PROTO (the filter's protocol; picked if empty) and
# its match in M. KIND: rep, pf, or the VXLAN device.
gen_match()
{
	local kind=$1 inner

	M=()
	PROTO=$2
	if [[ -z $PROTO ]]; then
		pick ip ip ip ip ip ip ip ipv6 ipv6 ipv6 arp arp 802.1Q 802.1Q \
			802.1Q 802.1ad all all all
		PROTO=$P
	fi
	if [[ $kind == vx* ]]; then
		gen_tunnel "$kind"
	elif chance 3; then
		M+=(enc_key_id 42)		# refused off a VXLAN device
	fi
	if chance 25; then gen_mac; M+=(dst_mac "$MAC"); fi
	if chance 15; then gen_mac; M+=(src_mac "$MAC"); fi
	case $PROTO in
	ip) gen_l3 4 ;;
	ipv6) gen_l3 6 ;;
	arp) gen_arp ;;
	802.1Q|802.1ad)
		if chance 70; then pick 5 10 20 100 4094 1; M+=(vlan_id "$P"); fi
		if chance 30; then pick 0 3 7; M+=(vlan_prio "$P"); fi
		if chance 60; then
			pick ip ip ip ipv6 arp 802.1Q 802.1ad
			inner=$P
			M+=(vlan_ethtype "$inner")
			case $inner in
			802.1*)
				# refused: vxfp does not match an inner tag
				chance 70 && M+=(cvlan_id 20)
				chance 30 && M+=(cvlan_prio 1)
				if chance 50; then
					pick ip ipv6
					M+=(cvlan_ethtype "$P")
				fi
				;;
			*)
				gen_inner "$inner"
				;;
			esac
		fi
		;;
	esac
	# Matches vxfp refuses, now and then.
	if chance 3; then
		case $PROTO in
		ip|ipv6) M+=(ct_state +trk+est) ;;
		*) M+=(indev "${REPS[1]}") ;;
		esac
	fi
}

# The actions. ENCAP: a tunnel_key set came before.
gen_pedit()
{
	local n i

	A+=(pedit ex)
	rnd 2
	n=$((REPLY + 1))
	for ((i = 0; i < n; i++)); do
		rnd 15
		case $REPLY in
		0) gen_mac; A+=(munge eth dst set "${MAC%%/*}") ;;
		1) gen_mac; A+=(munge eth src set "${MAC%%/*}") ;;
		2) pick 1 33 64 255; A+=(munge ip ttl set "$P") ;;
		3) A+=(munge ip ttl add 0xff) ;;
		4) A+=(munge ip ttl add 0xff) ;;
		5) gen_addr 4 noprefix; A+=(munge ip src set "$ADDR") ;;
		6) gen_addr 4 noprefix; A+=(munge ip dst set "$ADDR") ;;
		7) pick 0x10 0xb8 0; A+=(munge ip tos set "$P") ;;
		8) pick 1 64; A+=(munge ip6 hoplimit set "$P") ;;
		9) A+=(munge ip6 hoplimit add 0xff) ;;
		10) gen_addr 6 noprefix; A+=(munge ip6 dst set "$ADDR") ;;
		11) pick 80 8080 1; A+=(munge tcp dport set "$P") ;;
		12) pick 53 5353; A+=(munge udp sport set "$P") ;;
		13) pick 0x10 0x2; A+=(munge tcp flags set "$P") ;;
		14) A+=(munge ip protocol set 17) ;;
		esac
	done
	chance 50 && A+=(pipe)
	if chance 60; then
		pick "ip4h" "ip4h tcp udp" "tcp" "udp" "icmp" "ip4h and udp"
		# shellcheck disable=SC2206 # the csum targets are words
		A+=(action csum $P)
	fi
}

# gen_action_pipe: an action that lets the packet go on, into A; mostly
# one vxfp offloads, else one it refuses or tc cannot describe to it.
gen_action_pipe()
{
	local dir

	if chance 85; then
		rnd 14
		case $REPLY in
		0|1|2) pick 5 10 100 4094; A+=(vlan push id "$P")
		       chance 30 && A+=(protocol 802.1ad)
		       chance 40 && { pick 0 3 7; A+=(priority "$P"); } ;;
		3|4) A+=(vlan pop) ;;
		5) pick 6 10 20; A+=(vlan modify id "$P")
		   chance 50 && { pick 0 2 5; A+=(priority "$P"); } ;;
		6|7|8) gen_pedit ;;
		9) pick egress ingress; dir=$P; gen_port
		   A+=(mirred "$dir" mirror dev "$PORT") ;;
		10|11) A+=(tunnel_key set src_ip 10.0.0.1)
		       pick 10.0.0.2 10.0.0.2 10.0.0.2 192.0.2.100 224.0.0.1 0.0.0.0
		       A+=(dst_ip "$P")
		       pick 42 42 7 16777216; A+=(id "$P")
		       chance 50 && A+=(dst_port 4789)
		       chance 30 && { pick 0 64; A+=(ttl "$P"); }
		       chance 20 && A+=(tos 0x10)
		       chance 30 && { pick csum nocsum; A+=("$P"); }
		       chance 4 && A+=(geneve_opts 0102:80:00880022)
		       ENCAP=1 ;;
		12) A+=(tunnel_key unset) ;;
		13) A+=(skbedit ptype host) ;;
		esac
		return
	fi
	rnd 12
	case $REPLY in
	0) pick "mark 5" "priority 1:1" "ptype otherhost" "queue_mapping 1"
	   # shellcheck disable=SC2206 # skbedit's words
	   A+=(skbedit $P) ;;
	1) A+=(police rate 1mbit burst 10k conform-exceed "drop/pipe") ;;
	2|3) pick "ct" "ct commit zone 3" "ct clear"
	     # shellcheck disable=SC2206 # ct's words
	     A+=($P) ;;
	4) A+=(sample rate 100 group 5) ;;
	5) pick "push label 20" "pop protocol ip" "modify label 30"
	   # shellcheck disable=SC2206 # mpls's words
	   A+=(mpls $P) ;;
	6) A+=(pipe) ;;
	7) A+=(simple sdata fuzz) ;;
	8) A+=(vlan push_eth dst_mac 02:00:00:00:00:05 src_mac 02:00:00:00:00:06) ;;
	9) A+=(pedit munge offset 8 u32 set 0x1) ;;
	10) A+=(continue) ;;
	11) A+=(pedit ex munge ip ttl add 2) ;;
	esac
}

# gen_port: a device to mirror or redirect to, in PORT.
gen_port()
{
	pick "${REPS[@]}" "${REPS[@]}" "$PF" eth0 vxlan0 fzv0
	PORT=$P
}

gen_action_last()
{
	local chain=$1

	if ((ENCAP)) && chance 80; then
		A+=(mirred egress redirect dev vxlan0)
		return
	fi
	rnd 14
	case $REPLY in
	0|1|2|3) gen_port; A+=(mirred egress redirect dev "$PORT") ;;
	4) pick "${REPS[@]}" "$PF"; A+=(mirred ingress redirect dev "$P") ;;
	5|6) A+=(drop) ;;
	7) A+=(pass) ;;
	8) A+=(trap) ;;
	9|10) pick $((chain + 1)) $((chain + 2)) $((chain + 5)) "$chain"
	      A+=(goto chain "$P") ;;
	11) A+=(police rate 1mbit burst 10k conform-exceed drop/ok) ;;
	12) A+=(police rate 1mbit burst 10k) ;;
	13) A+=(reclassify) ;;
	esac
}

# gen_actions KIND CHAIN: A.
gen_actions()
{
	local kind=$1 chain=$2 n i

	A=()
	ENCAP=0
	rnd 20
	n=$(( REPLY < 8 ? 0 : REPLY < 15 ? 1 : REPLY < 18 ? 2 : 3 ))
	if [[ $kind == vx* ]] && chance 50; then
		A+=(action tunnel_key unset)
	fi
	for ((i = 0; i < n; i++)); do
		A+=(action)
		gen_action_pipe
	done
	if ! chance 6; then
		A+=(action)
		gen_action_last "$chain"
	fi
	[[ ${#A[@]} -gt 0 ]] || A=(action drop)
}

# mutate_match: M with some of its values changed, not its masks (flower
# replaces a rule only by one of the same mask: another one is refused with
# a bare EINVAL, from fl_check_assign_mask()).
mutate_match()
{
	local i v mask

	for ((i = 0; i + 1 < ${#M[@]}; i++)); do
		chance 35 || continue
		v=${M[i + 1]}
		mask=
		[[ $v == */* ]] && mask=/${v#*/}
		case ${M[i]} in
		src_ip|dst_ip|arp_sip|arp_tip)
			if [[ $v == *:* ]]; then gen_addr 6 noprefix; else gen_addr 4 noprefix; fi
			M[i + 1]=$ADDR$mask ;;
		dst_mac|src_mac|arp_sha|arp_tha)
			gen_mac
			M[i + 1]=${MAC%%/*}$mask ;;
		vlan_id)
			pick 5 10 20 100 4094 1
			M[i + 1]=$P ;;
		dst_port|src_port)
			[[ $v == *-* ]] && continue
			pick 80 53 4789 22 1 1024 5000
			M[i + 1]=$P$mask ;;
		esac
	done
}

# gen_rule DEV CHAIN PREF [PROTO [MATCH]]: the words after "tc filter
# add|replace", in RULE, a random rule, of PROTO and with the keys and
# masks of MATCH if given; FLAGS says whether it is skip_sw or skip_hw.
gen_rule()
{
	local dev=$1 chain=$2 pref=$3 kind=rep

	[[ $dev == "$PF" ]] && kind=pf
	[[ $dev == vx* ]] && kind=$dev
	if [[ -n ${5+set} ]]; then
		PROTO=$4
		# shellcheck disable=SC2206 # the words of the match
		M=($5)
		mutate_match
	else
		gen_match "$kind" "${4:-}"
	fi
	gen_actions "$kind" "$chain"
	FLAGS=
	if [[ $kind == rep || $kind == pf ]]; then
		rnd 100
		if ((REPLY < 55)); then
			FLAGS=skip_sw
		elif ((REPLY < 60)); then
			FLAGS=skip_hw
		fi
	fi
	RULE=(dev "$dev" ingress)
	((chain)) && RULE+=(chain "$chain")
	RULE+=(pref "$pref" handle 1 protocol "$PROTO" flower)
	[[ -n $FLAGS ]] && RULE+=("$FLAGS")
	# verbose: the offload's refusal of a rule left in software is shown
	if [[ $kind == vx* ]] || chance 50; then
		RULE+=(verbose)
	fi
	RULE+=("${M[@]}" "${A[@]}")
}

# ------------------------------------------------------------- the rules
#
# RULES["dev chain pref"]: the filter protocol of the rule there; KEYS: the
# same keys, to pick from; CMD["dev chain pref"]: the command that put it.

declare -A RULES CMD MATCH NOWARN
declare -A SHOWN		# dev -> what tc filter show said, last
KEYS=()
declare -A NEXT_PREF
declare -A REFUSALS		# message -> count
BARE=()				# skip_sw refusals without a message
SYNTAX=()			# commands tc itself could not parse
SW_REFUSED=()			# rules without skip_sw refused (not offload)
WARN_NONE=()			# verbose, left in software, no warning
SLOW=()				# commands that took a second or more
TC_MS=0				# milliseconds spent waiting for tc
n_add=0 n_replace=0 n_del=0 n_refused=0 n_offloaded=0

key_add()
{
	RULES[$1]=$2
	KEYS+=("$1")
}

key_del()
{
	local i

	unset "RULES[$1]" "CMD[$1]" "MATCH[$1]" "NOWARN[$1]"
	for i in "${!KEYS[@]}"; do
		if [[ ${KEYS[$i]} == "$1" ]]; then
			KEYS[i]=${KEYS[-1]}
			unset 'KEYS[-1]'
			break
		fi
	done
}

# One tc for the whole fuzzing, reading commands from a pipe (-batch -):
# a tc process per command is slow in a VM. After each command comes one
# that fails for sure, and what the two printed is read up to the second
# one's "Command failed -:LINE": the first one's output, and whether it
# failed. tc's stdout is made line-buffered, its stderr is not buffered,
# so both come in order. Not to be called from a subshell (no $(...), no
# pipe): the coprocess' descriptors are not there.
tc_start()
{
	coproc TCB { exec stdbuf -oL tc -n "$NSA" -force -batch - 2>&1; }
	TC_LINE=0
}

tc_stop()
{
	local fd=${TCB[1]:-} pid=${TCB_PID:-}

	[[ -n $pid ]] || return 0
	[[ -n $fd ]] && exec {fd}>&-
	wait "$pid" 2>/dev/null
	TCB_PID=
}

# tcb WORD...: a tc command (without "tc") by the batch tc; its output in
# OUT; returns 0, 1 if it failed, 2 if tc did not answer.
tcb()
{
	local line rc=0 t0=${EPOCHREALTIME/[.,]/} dt

	OUT=
	if [[ -z ${TCB_PID:-} ]]; then
		OUT="(tc batch not running)"
		return 2
	fi
	printf '%s\nfilter show dev fzmark0 ingress\n' "$*" >&"${TCB[1]}"
	TC_LINE=$((TC_LINE + 2))
	while IFS= read -r -t 60 line <&"${TCB[0]}"; do
		case $line in
		"Command failed -:$((TC_LINE - 1))") rc=1 ;;
		"Command failed -:$TC_LINE")
			dt=$(( (${EPOCHREALTIME/[.,]/} - t0) / 1000 ))
			TC_MS=$((TC_MS + dt))
			((dt < 1000)) || SLOW+=("$dt ms: tc $*")
			return "$rc" ;;
		'Cannot find device "fzmark0"') ;;
		*) OUT+=$line$'\n' ;;
		esac
	done
	# tc is gone or stuck: no more commands for it
	OUT+="(no answer from tc -batch)"
	kill "$TCB_PID" 2>/dev/null
	TCB_PID=
	return 2
}

# classify CMD OUT SKIP_SW: what a failed tc command said, tallied.
classify()
{
	local cmd=$1 out=$2 skip_sw=$3 msg

	if ! grep -q -E "RTNETLINK answers|error talking to the kernel|^Error:" <<<"$out"; then
		SYNTAX+=("$cmd => $(head -n 3 <<<"$out" | paste -sd' ' -)")
		return
	fi
	msg=$(grep -m 1 '^Error: ' <<<"$out")
	if [[ -z $msg ]]; then
		if ((skip_sw)); then
			BARE+=("$cmd => $(paste -sd' ' - <<<"$out")")
		else
			SW_REFUSED+=("$cmd => $(paste -sd' ' - <<<"$out")")
		fi
		msg="(no message) $(grep -m 1 'RTNETLINK answers' <<<"$out")"
	elif ((!skip_sw)); then
		SW_REFUSED+=("$cmd => $msg")
	fi
	((skip_sw)) && n_refused=$((n_refused + 1))
	msg=${msg%.}
	REFUSALS[$msg]=$((${REFUSALS[$msg]:-0} + 1))
}

# tc_rule add|replace KEY [PROTO [MATCH]]: a random rule at KEY, by tc.
tc_rule()
{
	local op=$1 key=$2 rc dev chain pref skip_sw=0 cmd

	read -r dev chain pref <<<"$key"
	gen_rule "$dev" "$chain" "$pref" "${@:3}"
	[[ $FLAGS == skip_sw ]] && skip_sw=1
	cmd="tc filter $op ${RULE[*]}"
	if ((FUZZ_TC_PRINT)); then
		echo "$cmd"
		MATCH[$key]=${M[*]}
		return 0
	fi
	tcb filter "$op" "${RULE[@]}"
	rc=$?
	[[ $VERBOSE == 1 ]] && printf '    %s\n    => %s\n' "$cmd" "$OUT"
	if ((rc)); then
		classify "$cmd" "$OUT" "$skip_sw"
		return 1
	fi
	((skip_sw)) && n_offloaded=$((n_offloaded + 1))
	CMD[$key]=$cmd
	MATCH[$key]=${M[*]}
	# verbose, not skip_sw, and no warning: if it is left in software,
	# no one said why (see check_warnings)
	NOWARN[$key]=0
	if ((!skip_sw)) && [[ $FLAGS != skip_hw && $OUT != *Warning:* &&
	      " ${RULE[*]} " == *" verbose "* ]]; then
		NOWARN[$key]=1
	fi
	return 0
}

op_add()
{
	local dev chain key

	rnd 100
	if ((REPLY < 50)); then
		pick "${REPS[@]}"
	elif ((REPLY < 70)); then
		P=$PF
	else
		pick "${VXLANS[@]}" vxlan0
	fi
	dev=$P
	chain=0
	chance 30 && { pick 1 2 3 5; chain=$P; }
	NEXT_PREF[$dev]=$(( ${NEXT_PREF[$dev]:-0} + 1 ))
	key="$dev $chain ${NEXT_PREF[$dev]}"
	n_add=$((n_add + 1))
	tc_rule add "$key" "" && key_add "$key" "$PROTO"
	return 0
}

op_replace()
{
	local key

	((${#KEYS[@]})) || return 0
	rnd ${#KEYS[@]}
	key=${KEYS[$REPLY]}
	n_replace=$((n_replace + 1))
	tc_rule replace "$key" "${RULES[$key]}" "${MATCH[$key]}"
	return 0
}

op_del()
{
	local key dev chain pref

	((${#KEYS[@]})) || return 0
	rnd ${#KEYS[@]}
	key=${KEYS[$REPLY]}
	read -r dev chain pref <<<"$key"
	n_del=$((n_del + 1))
	if ! tcb filter del dev "$dev" ingress chain "$chain" pref "$pref"; then
		SYNTAX+=("tc filter del dev $dev ingress chain $chain pref $pref => $OUT")
	fi
	key_del "$key"
}

# --------------------------------------------------------------- the checks

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

# in_port DEV: how nlctl names the in_port of DEV's flows (VXLAN devices:
# "encPORT", by their tunnel's UDP port).
in_port_of()
{
	case $1 in
	sw0_*) echo "vf${1#sw0_}" ;;
	"$PF") echo uplink ;;
	vxlan0) echo enc4789 ;;
	vx1) echo enc4790 ;;
	esac
}

# rules_of DEV: the commands that made the rules of DEV, one a line.
rules_of()
{
	local key

	for key in "${!CMD[@]}"; do
		[[ $key == "$1 "* ]] && printf '\n\t    %s' "${CMD[$key]}"
	done
}

# check_counts WHEN: the in_hw rules of each device against its flows.
check_counts()
{
	local when=$1 dev hw flows port out

	out=$(nl -j flow show switch sw0 2>&1) ||
		{ MISMATCH+=("$when: nlctl flow show failed: $out"); return; }
	FLOWS_BY_PORT=$(jq -r '.[] | if .match.enc_dst_port then "enc\(.match.enc_dst_port)" else .match.in_port end' <<<"$out" |
			sort | uniq -c)
	for dev in "${DEVS[@]}"; do
		tcb filter show dev "$dev" ingress ||
			MISMATCH+=("$when: tc filter show dev $dev failed: $OUT")
		SHOWN[$dev]=$OUT
		hw=$(grep -c -E '^ +in_hw( |$)' <<<"$OUT")
		port=$(in_port_of "$dev")
		flows=$(awk -v p="$port" '$2 == p { print $1 }' <<<"$FLOWS_BY_PORT")
		flows=${flows:-0}
		CHECKS=$((CHECKS + 1))
		if ((hw != flows)); then
			MISMATCH+=("$when: $dev: $hw rules in_hw, $flows flows of $port; its rules:$(rules_of "$dev")")
		fi
	done
	# the flows are tc's, by their cookies
	out=$(nl flow show switch sw0 | awk '$3 == "cookie" && $4 !~ /^0x7463/')
	[[ -z $out ]] || MISMATCH+=("$when: flows without a tc cookie: $out")
}

# check_warnings: the rules tc shows not_in_hw (as the last check_counts
# saw them), verbose, whose command got no warning, in WARN_NONE.
check_warnings()
{
	local dev key

	for dev in "${DEVS[@]}"; do
		while read -r key; do
			[[ ${NOWARN[$dev $key]:-0} == 1 ]] &&
				WARN_NONE+=("${CMD[$dev $key]}")
		done < <(awk '/^filter .* handle / {
				for (i = 1; i < NF; i++) {
					if ($i == "pref") p = $(i + 1)
					if ($i == "chain") c = $(i + 1)
				}
			}
			/^ +not_in_hw/ { print c, p }' <<<"${SHOWN[$dev]:-}")
	done
}

# --------------------------------------------------------------- the test

setup()
{
	local ns i out ok

	RET=0
	require_vxfp
	# what the rules use, loaded now rather than on their first use
	for i in 8021q vxlan sch_ingress cls_flower act_gact act_mirred \
		 act_vlan act_pedit act_csum act_tunnel_key act_skbedit \
		 act_police act_ct act_sample act_mpls act_simple psample; do
		modprobe -q "$i"
	done
	ns_create NSA NSB NSC0 NSC1 || return 1
	for ns in "$NSC0" "$NSC1"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	done
	wire_create "$NSA" "$NSB" 10.0.0.2/24
	check_err $? "cannot make the wire"
	nl switch add name sw0 uplink eth0 vfs 4 mode switchdev
	check_err $? "cannot make switch sw0"
	ip -n "$NSA" addr add 10.0.0.1/24 dev sw0 &&
		ip -n "$NSA" link set sw0 up
	check_err $? "cannot bring the PF up"
	for i in 0 1 2 3; do
		ip -n "$NSA" link set "sw0_$i" up
	done
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24 &&
		vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24
	check_err $? "cannot hand the VFs to C0 and C1"
	ip -n "$NSA" link set sw0v2 up
	ip -n "$NSA" link set sw0v3 up
	ip -n "$NSA" link add vxlan0 type vxlan external dstport 4789 &&
		ip -n "$NSA" link set vxlan0 up &&
		ip -n "$NSA" link add vx1 type vxlan id 43 dstport 4790 \
			local 10.0.0.1 remote 10.0.0.2 &&
		ip -n "$NSA" link set vx1 up
	check_err $? "cannot make the VXLAN devices"
	ip -n "$NSA" link add fzv0 type veth peer name fzv1 &&
		ip -n "$NSA" link set fzv0 up
	check_err $? "cannot make fzv0"
	ip -n "$NSB" link add vx0 type vxlan id 42 remote 10.0.0.1 \
		local 10.0.0.2 dstport 4789 &&
		ip -n "$NSB" addr add 192.0.2.100/24 dev vx0 &&
		ip -n "$NSB" link set vx0 up
	check_err $? "cannot make the peer's VXLAN device"
	for dev in "${DEVS[@]}"; do
		tc -n "$NSA" qdisc add dev "$dev" ingress
		check_err $? "cannot add an ingress qdisc to $dev"
	done
	# The switch's indirect callback is registered by a work item: wait
	# until a VXLAN device's rule is offered to it.
	for i in $(seq 50); do
		tc -n "$NSA" filter add dev vxlan0 ingress pref 65000 protocol ip \
			flower enc_dst_ip 10.0.0.1 enc_key_id 42 action drop &&
		out=$(tc -n "$NSA" filter show dev vxlan0 ingress pref 65000)
		tc -n "$NSA" filter del dev vxlan0 ingress pref 65000
		grep -q -E '^ +in_hw' <<<"$out" && break
		out=
		sleep 0.2
	done
	[[ -n $out ]]
	check_err $? "rules of vxlan0 are not offered to the switch (indirect block)"
	ok=$RET
	log_test "setup: switchdev switch, VXLAN devices, ingress qdiscs"
	return "$ok"
}

# Pings in the background for the whole fuzzing, answered or not: VF to VF,
# the wire to the PF, the tunnel to VF 0, VF 1 to the tunnel's peer.
traffic_start()
{
	local secs=$((FUZZ_TC_TIME + 60))

	PINGS=()
	ip netns exec "$NSC0" timeout "$secs" ping -q -i 0.2 192.0.2.2 \
		>/dev/null 2>&1 &
	PINGS+=($!)
	ip netns exec "$NSB" timeout "$secs" ping -q -i 0.2 10.0.0.1 \
		>/dev/null 2>&1 &
	PINGS+=($!)
	ip netns exec "$NSB" timeout "$secs" ping -q -i 0.2 -I vx0 192.0.2.1 \
		>/dev/null 2>&1 &
	PINGS+=($!)
	ip netns exec "$NSC1" timeout "$secs" ping -q -i 0.2 192.0.2.100 \
		>/dev/null 2>&1 &
	PINGS+=($!)
}

traffic_stop()
{
	local pid

	for pid in "${PINGS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${PINGS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	PINGS=()
}

test_fuzz()
{
	local start it=0 checkpoint msg

	RET=0
	MISMATCH=()
	CHECKS=0
	klog_mark
	tc_start
	traffic_start
	start=$SECONDS
	checkpoint=50
	while ((it < FUZZ_TC_ITERATIONS && SECONDS - start < FUZZ_TC_TIME)) &&
	      [[ -n ${TCB_PID:-} ]]; do
		it=$((it + 1))
		rnd 100
		if ((REPLY < 60)); then
			op_add
		elif ((REPLY < 80)); then
			op_replace
		else
			op_del
		fi
		((it % checkpoint)) || check_counts "after $it commands"
	done
	traffic_stop
	[[ -n ${TCB_PID:-} ]]
	check_err $? "tc -batch stopped answering after $it commands"
	check_counts "at the end"
	check_warnings
	tc_stop
	log_info "seed $FUZZ_SEED: $it commands in $((SECONDS - start)) s: $n_add adds, $n_replace replaces, $n_del deletes; ${#KEYS[@]} rules left, $(grep -c . <<<"$(nl flow show switch sw0)") flows"
	log_info "the switch's fast path after the traffic:"
	nl -s switch show name sw0 | grep fastpath
	log_info "$((TC_MS / 1000)) s of it waiting for tc, ${#SLOW[@]} commands of 1 s or more"
	printf '    %s\n' "${SLOW[@]}" | sort -rn | head -n 5
	log_info "skip_sw rules: $n_offloaded taken, $n_refused refused; refusals by message:"
	for msg in "${!REFUSALS[@]}"; do
		printf '    %4d  %s\n' "${REFUSALS[$msg]}" "$msg"
	done | sort -rn | head -n 40
	if ((${#WARN_NONE[@]})); then
		log_info "${#WARN_NONE[@]} verbose rules left in software without a warning, e.g.:"
		printf '    %s\n' "${WARN_NONE[@]:0:5}"
	fi
	if ((${#SW_REFUSED[@]})); then
		log_info "${#SW_REFUSED[@]} rules without skip_sw refused (not for the offload), e.g.:"
		printf '    %s\n' "${SW_REFUSED[@]:0:5}"
	fi
	((${#SYNTAX[@]} == 0))
	check_err $? "tc could not parse ${#SYNTAX[@]} generated commands: $(printf '\n\t%s' "${SYNTAX[@]:0:10}")"
	log_test "tc flower fuzzing" "seed $FUZZ_SEED, $it commands"

	RET=0
	((${#BARE[@]} == 0))
	check_err $? "${#BARE[@]} skip_sw rules refused without a message: $(printf '\n\t%s' "${BARE[@]:0:10}")"
	log_test "every skip_sw refusal says why"

	RET=0
	((${#MISMATCH[@]} == 0))
	check_err $? "$(printf '%s\n\t' "${MISMATCH[@]:0:10}")$(printf '\n\t%s' "$(grep -h . <<<"$FLOWS_BY_PORT")")"
	log_test "every in_hw rule has its flow, device by device" "$CHECKS counts"
}

test_delete_all()
{
	local key dev chain pref batch out left

	RET=0
	batch=$(mktemp "${TMPDIR:-/tmp}/vxfp-fuzz-tc.XXXXXX")
	for key in "${KEYS[@]}"; do
		read -r dev chain pref <<<"$key"
		echo "filter del dev $dev ingress chain $chain pref $pref"
	done >"$batch"
	out=$(tc -n "$NSA" -force -batch "$batch" 2>&1)
	check_err $? "tc -batch of the deletions failed: $(head -n 5 <<<"$out")"
	rm -f "$batch"
	left=
	for dev in "${DEVS[@]}"; do
		out=$(tc -n "$NSA" filter show dev "$dev" ingress)
		[[ -z $out ]] || left+=" $dev"
	done
	[[ -z $left ]]
	check_err $? "rules left on:$left"
	out=$(nl flow show switch sw0)
	[[ -z $out ]]
	check_err $? "flows left after deleting every rule: $(head -n 5 <<<"$out")"
	for dev in "${DEVS[@]}"; do
		tc -n "$NSA" qdisc del dev "$dev" ingress
	done
	log_test "every rule deleted: no rule, no flow left"
}

test_kernel_healthy()
{
	local splats

	RET=0
	splats=$(klog_splats)
	[[ -z $splats ]]
	check_err $? "kernel log: $(head -n 10 <<<"$splats")"
	nl switch show name sw0 >/dev/null
	check_err $? "the switch does not answer after fuzzing"
	log_test "kernel log clean, the switch answers"
}

test_unload()
{
	local out

	RET=0
	out=$(nl switch del name sw0 2>&1)
	check_err $? "switch del failed: $out"
	vxfp_unload
	check_err $? "rmmod vxfp failed"
	[[ ! -d /sys/module/vxfp ]]
	check_err $? "vxfp still loaded"
	log_test "switch deleted and module unloaded after fuzzing"
}

# shellcheck disable=SC2317 # called by lib.sh's cleanup
test_cleanup()
{
	[[ -n ${TCB_PID:-} ]] && kill "$TCB_PID" 2>/dev/null
	((${#PINGS[@]})) && traffic_stop
	[[ -n ${NSA:-} ]] && vxfp_loaded &&
		nl switch del name sw0 >/dev/null 2>&1
	ns_cleanup
}

if ((FUZZ_TC_PRINT)); then
	# What the seed makes, without a switch: "dev chain pref" as op_add
	# would number them.
	NSA=
	for ((i = 0; i < FUZZ_TC_PRINT; i++)); do
		rnd 100
		if ((REPLY < 60)); then
			op_add
		elif ((REPLY < 80)); then
			op_replace
		else
			((${#KEYS[@]})) && { rnd ${#KEYS[@]}; k=${KEYS[$REPLY]};
				read -r d c p <<<"$k"; key_del "$k";
				echo "tc filter del dev $d ingress chain $c pref $p"; }
		fi
	done
	trap - EXIT
	exit 0
fi

require_root
require_cmd tc jq ping stdbuf
require_nlctl
PINGS=()
setup || exit "$EXIT_STATUS"
test_fuzz
test_delete_all
test_kernel_healthy
test_unload
check_no_leftovers

exit "$EXIT_STATUS"
