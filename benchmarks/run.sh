#!/usr/bin/env bash
# Runs a brushguard benchmark: benchmarks/run.sh quality [full|quick] [seed]
# Every run prints the same table and the machine it ran on.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
workload="${1:-quality}"
mode="${2:-full}"
seed="${3:-20261122}"
cd "$here"
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am >/dev/null
cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
case "$workload" in
  quality)
    exec java -Xmx6g $opens -Dlog4j.configurationFile=log4j2-cli.properties -cp "$cp" \
      io.brushguard.benchmarks.DetectionQualityBenchmark "$mode" "$seed" ;;
  *)
    echo "unknown workload '$workload'; available: quality" >&2; exit 2 ;;
esac
