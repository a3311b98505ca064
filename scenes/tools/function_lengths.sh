#!/bin/sh
# Lists the functions of the given C files longer than MAX (80) lines: the
# lines between the opening brace of a function (a definition starting in
# column 0) and its closing brace in column 0.
MAX=${MAX:-80}
for f in "$@"; do awk -v F="$f" -v MAX="$MAX" '
/^[A-Za-z_].*\(/ && !/;[ \t]*$/ && !/^(typedef|struct [a-z_]* \{|#)/ && !start {cand=$0; candline=NR}
cand && /\{[ \t]*$/ && !start {start=NR; name=cand; cand=""; next}
/^\}/ && start {n=NR-start-1; if (n>MAX) printf "%s:%d: %d lines: %s\n", F, start, n, substr(name,1,80); start=0}
' "$f"; done
