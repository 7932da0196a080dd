# Sourced by lockstep-epochs.sh, before-after-epochs.sh and contention.sh: warm worker processes that each train one epoch
# per line they read and answer "EPOCH <ms>" (dev.nn4j.benchmarks.LockstepEpochs, or PyTorch's
# torch_bench.py lockstep=1), driven over a pair of named pipes each. A worker that fails or stays
# silent for five minutes ends the calling script with its error.
trap '' PIPE # a worker that died shows up as a failed write, reported below
d=$(mktemp -d)
declare -A IN OUT
# stop_workers: closes every worker's input, waits for them to end and removes their pipes
stop_workers() {
  for w in "${!IN[@]}"; do exec {IN[$w]}>&-; done
  wait
  rm -rf "$d"
}
trap stop_workers EXIT

# await WORKER PREFIX: prints the rest of the worker's next line that starts with PREFIX
await() {
  local line
  while IFS= read -r -t 300 -u "${OUT[$1]}" line; do
    case $line in "$2"*) echo "${line#"$2"}"; return 0 ;; esac
  done
  failed "$1" "stopped or went silent before '$2'"
}

# failed WORKER WHAT: reports the worker's failure with the first error line it wrote
failed() {
  echo "$1 $2: $(grep -m1 -E 'Exception|Error' "$d/$1.err" || tail -3 "$d/$1.err")" >&2
  return 1
}

# start WORKER COMMAND...: runs the command on a pair of pipes and waits for its warm-up
start() {
  local w=$1
  shift
  mkfifo "$d/$w.in" "$d/$w.out"
  "$@" <"$d/$w.in" >"$d/$w.out" 2>"$d/$w.err" &
  exec {IN[$w]}>"$d/$w.in" {OUT[$w]}<"$d/$w.out"
  await "$w" READY >/dev/null
}

# epoch WORKER: the worker's next epoch, in milliseconds
epoch() {
  sleep 0.5
  echo go >&"${IN[$1]}" 2>/dev/null || { failed "$1" "is gone"; return 1; }
  await "$1" "EPOCH "
}
