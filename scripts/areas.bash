# shellcheck shell=bash
# The scan areas of the test internet: which fixture domains each one scans and with which
# flags. Sourced by scripts/golden-facts (which records fixtures/golden/<area>/) and
# scripts/compare-revisions (which scans the same domains with two builds), so both scan the
# same hosts in the same way. The caller defines `die MESSAGE` and runs from the repository root.

all_areas="web dns tls pqc ssh mail rpki autonomy web-only not-allowed api documents"

# Hosts of fixtures/net/hosts.toml (first name of each [[host]]) whose name matches a pattern
# and whose address starts with a prefix.
net_hosts() { # NAME_REGEX IPV4_PREFIX_REGEX
  python3 - "$1" "$2" <<'PY'
import re, sys, tomllib
name_re, ip_re = re.compile(sys.argv[1]), re.compile(sys.argv[2])
hosts = tomllib.load(open("fixtures/net/hosts.toml", "rb"))["host"]
for h in hosts:
    name = h["names"][0]
    ips = h.get("ipv4", []) + h.get("ipv6", [])
    if name_re.search(name) and any(ip_re.match(ip) for ip in ips):
        print(name)
PY
}

# The domains of an area, one a line; tests/live/golden.rs scans them the same way.
area_domains() { # AREA
  case $1 in
    # Every web host outside tlsproef.nl, mailproef.nl, apiproef.nl and docproef.nl (tests/offline/verdicts/web.rs, dns.rs, rpki.rs).
    web) net_hosts '^(?!.*\.(tlsproef|mailproef|apiproef|docproef)\.nl$)' '.' ;;
    # Names that are DNS cases rather than web hosts (tests/offline/verdicts/dns.rs; tests/live/ns_budget.rs, cli.rs).
    dns) printf '%s\n' proefnet.nl www.goedstad.nl www.oudeland.nl alias.proefnet.nl \
      dangling.proefnet.nl cnameloop.proefnet.nl doesnotexist.proefnet.nl kreupel.nl stilns.nl \
      veelns.nl groot.proefnet.nl ;;
    # The TLS engine fixtures and hostile TLS servers (tests/offline/verdicts/tls.rs; tests/live/tls_oracle.rs).
    tls) net_hosts '\.tlsproef\.nl$' '127\.0\.[67]\.' ;;
    # The post-quantum servers of fixtures/pq (tests/offline/verdicts/pqc.rs).
    pqc) awk -F'\t' '!/^#/ && NF > 1 { print $2 }' fixtures/pq/hosts.tsv ;;
    # The SSH servers of fixtures/ssh, and a web host without one (tests/offline/verdicts/pqc.rs).
    ssh) net_hosts '\.tlsproef\.nl$' '127\.0\.22\.'; echo modern.tlsproef.nl ;;
    # The mail zoo (tests/offline/verdicts/mail_auth.rs, mail_tls.rs; tests/live/mail_oracle.rs): SPF, DMARC, DKIM, the
    # MX cases with the mail servers of fixtures/mail, MTA-STS and TLS-RPT.
    mail) printf '%s.mailproef.nl\n' spf-good spf-soft spf-toomany spf-void spf-loop spf-plusall \
      spf-neutral spf-noall spf-redirect spf-two spf-syntax spf-includenx spf-deep spf-long \
      dmarc-none dmarc-testing dmarc-reject-testing dmarc-reject dmarc-ext-ok dmarc-ext-bad \
      dmarc-syntax dmarc-two dmarc-org nosend dkim-good dkim-weak dkim-short dkim-revoked \
      dkim-testing dkim-none mx-plain mx-danebad mx-expired mx-greylist mx-hostile many-mx \
      sts-good sts-testing sts-uncovered sts-nopolicy sts-broken rpt-bad mx-daneta mx-rsasha1
      echo mailproef.nl ;;
    # Route origin validation with the fixture VRPs and routes (tests/offline/verdicts/rpki.rs).
    # proefnet.nl's MX hosts: one announced from fd42:beef::/48 (valid), the others not;
    # mx-plain.mailproef.nl's MX is announced by nobody.
    rpki) printf '%s\n' goedstad.nl v6goed.proefnet.nl refused.proefnet.nl spf-good.mailproef.nl \
      doesnotexist.proefnet.nl proefnet.nl mx-plain.mailproef.nl ;;
    # The customers of the look-alike providers (tests/offline/verdicts/autonomy.rs; tests/live/autonomy.rs).
    autonomy) printf '%s\n' wolkstad.nl www.wolkstad.nl tweestrijd.nl oudhaven.nl www.oudhaven.nl ;;
    # A scan that probed the web only (`--only`): the facts have no DNS, mail or TLS part,
    # so every check that needs one is not_tested.
    web-only) echo goed.proefnet.nl ;;
    # The web host's address is not allowed (only the name servers' 127.53/16 is): pastoe
    # does not connect, the outcome is non_public.
    not-allowed) echo goed.proefnet.nl ;;
    # The REST API hosts (tests/offline/verdicts/api.rs; tests/live/api.rs, api_oracle.rs).
    api) net_hosts '\.apiproef\.nl$' '.' ;;
    # The sites linking documents (tests/offline/verdicts/documents.rs; tests/live/documents.rs).
    documents) net_hosts '\.docproef\.nl$' '.' ;;
    *) die "unknown area $1 (areas: $all_areas)" ;;
  esac
}

# The address ranges a scan of an area may contact, then the area's own flags, one a line.
area_flags() { # AREA
  case $1 in
    not-allowed) echo --allow-net 127.53.0.0/16 ;;
    *) echo --allow-net 127.0.0.0/8,::1/128,fd42::/16 ;;
  esac
  case $1 in
    # the accessibility-statement register `up` writes (dated relative to the day of up)
    web) echo --a11y-register fixtures/net/run/a11y-register.csv ;;
    ssh) echo --ssh ;;
    mail) echo --dkim-selector s1 --dkim-selector s2 ;;
    rpki) echo --vrps fixtures/rpki/vrps.json --routes fixtures/rpki/routes.txt ;;
    autonomy) echo --vrps fixtures/rpki/vrps.json --routes fixtures/rpki/routes.txt \
      --as-names fixtures/autonomy/asn.txt --dkim-selector selector1 ;;
    web-only) echo --only web.https.available ;;
  esac
}
