# Sourced by the scripts in bench/: the README's standalone command, in one place.
#   double_command JAR   sets DOUBLE_CMD to: java <flags> [-XX:SharedArchiveFile=<JAR's .jsa>] -jar JAR
# The flags are the README's (-XX:+UseParallelGC); DOUBLE_JAVA_FLAGS replaces them (e.g. to compare
# collectors or heap sizes). The class-data sharing archive is used when the build wrote it beside the jar.
double_command() {
  local jar=$1 jsa=${1%.jar}.jsa
  # shellcheck disable=SC2206
  DOUBLE_CMD=(java ${DOUBLE_JAVA_FLAGS:--XX:+UseParallelGC})
  if [ -f "$jsa" ]; then DOUBLE_CMD+=("-XX:SharedArchiveFile=$jsa"); fi
  DOUBLE_CMD+=(-jar "$jar")
}
