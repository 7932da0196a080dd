# Reads one ratio per line (blank lines ignored); prints "<label>: median of N ratios M, lowest L".
# Usage: ... | awk -v label=threads=1 -f median.awk
NF { r[++n] = $1 }
END {
  if (n == 0) { printf "%s: no ratios\n", label; exit 1 }
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && r[j - 1] > r[j]; j--) { t = r[j]; r[j] = r[j - 1]; r[j - 1] = t }
  printf "%s: median of %d ratios %.2f, lowest %.2f\n", label, n,
    (r[int((n + 1) / 2)] + r[int(n / 2) + 1]) / 2, r[1]
}
