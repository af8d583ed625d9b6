#!/usr/bin/env bash
# Runs a brushguard benchmark: benchmarks/run.sh quality [full|quick] [seed]
#                               benchmarks/run.sh throughput [full|quick] [copies] [runs]
#                               benchmarks/run.sh throughput live [events/s] [seconds] [buffer timeout ms]
#                               benchmarks/run.sh throughput cep-rocksdb [seconds]
#                               benchmarks/run.sh kafka [full|quick|scale] [runs]
#                               benchmarks/run.sh micro [full|quick] [runs]
#                               benchmarks/run.sh scaling [full|quick]
#                               benchmarks/run.sh jmh [full|quick] [benchmark regex]
# Every run prints the same table and the machine it ran on.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
workload="${1:-quality}"
mode="${2:-full}"
seed="${3:-11}"
cd "$here"
log="$(mktemp)"
if ! mvn -B -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package -pl benchmarks,benchmarks-jmh,benchmarks-esper -am >"$log" 2>&1; then
  cat "$log" >&2; echo "benchmarks: the build failed (output above)" >&2; exit 1
fi
rm -f "$log"
cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)"
# BRUSHGUARD_IDLE_WRITE_BACK_MS=500 runs the throughput and kafka workloads' RocksDB jobs with the
# state caches' idle write-back every 500 ms (the job option brushguard.state-cache.idle-write-back-ms;
# 0: off; unset: the job's default, every 2,000 ms).
idle="${BRUSHGUARD_IDLE_WRITE_BACK_MS:+-Dbrushguard.state-cache.idle-write-back-ms=$BRUSHGUARD_IDLE_WRITE_BACK_MS}"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
case "$workload" in
  quality)
    exec java -Xmx6g $opens -Dlog4j.configurationFile=log4j2-cli.properties -cp "$cp" \
      io.brushguard.benchmarks.DetectionQualityBenchmark "$mode" "$seed" ;;
  throughput)
    exec java -Xmx8g $opens $idle -Dlog4j.configurationFile=log4j2-cli.properties -cp "$cp" \
      io.brushguard.benchmarks.ThroughputBenchmark "$mode" ${3:+"$3"} ${4:+"$4"} ${5:+"$5"} ;;
  kafka)
    # scale holds 2.5M generated events, then Flink's state, in one JVM.
    heap=8g; [ "$mode" = scale ] && heap=16g
    exec java -Xmx$heap $opens $idle -Dlog4j.configurationFile=log4j2-cli.properties -cp "$cp" \
      io.brushguard.benchmarks.KafkaThroughputBenchmark "$mode" ${3:+"$3"} ;;
  micro)
    # A steady-state heap, as a long-running TaskManager's: committed and touched at start, so that
    # a run of seconds does not pay the kernel's first touch of each young-generation page (11-13 %
    # of the engine's row, measured). Esper's JVM is started the same way.
    exec java -Xms6g -Xmx6g -XX:+AlwaysPreTouch $opens -Dlog4j.configurationFile=log4j2-cli.properties -cp "$cp" \
      ${3:+-Dbrushguard.micro.runs="$3"} io.brushguard.benchmarks.micro.MicroBenchmark "$mode" ;;
  scaling)
    exec java -Xms12g -Xmx12g -XX:+AlwaysPreTouch $opens -Dlog4j.configurationFile=log4j2-cli.properties -cp "$cp" \
      io.brushguard.benchmarks.micro.MicroScaling "$mode" ;;
  jmh)
    # JMH's fork inherits these JVM options.
    exec java -Xmx4g $opens -Dlog4j.configurationFile=log4j2-cli.properties \
      -cp "benchmarks-jmh/target/classes:$(cat benchmarks-jmh/target/benchmarks-jmh.classpath)" \
      io.brushguard.benchmarks.jmh.JmhSuite "$mode" ${3:+"$3"} ;;
  *)
    echo "unknown workload '$workload'; available: quality, throughput, kafka, micro, scaling, jmh" >&2; exit 2 ;;
esac
