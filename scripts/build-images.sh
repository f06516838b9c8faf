#!/usr/bin/env bash
# Builds and pushes the JVM images of every Lifeline service and the gateway.
#
#   scripts/build-images.sh REGISTRY TAG [--no-push]
#   e.g. scripts/build-images.sh registry.example.org/lifeline 0.1.0
#
# Needs docker or podman (not available on the project's build machines: run it where one is).
# Images: REGISTRY/lifeline-<module>:TAG, the names helm/lifeline/values.yaml expects.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,8p' "$0"; exit 2; }
REGISTRY=$1 TAG=$2 PUSH=${3:-}
[ "$TAG" != latest ] || { echo "Use a real version, not 'latest'"; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGINE=$(command -v docker || command -v podman) || { echo "docker or podman is needed"; exit 1; }
MODULES=(gateway services/residents services/testing services/supplies services/medical services/cogovernance
         services/hotline)   # add services here as they are built (each needs src/main/docker/Dockerfile.jvm)

"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests
for module in "${MODULES[@]}"; do
  image="$REGISTRY/lifeline-$(basename "$module"):$TAG"
  echo "Building $image"
  "$ENGINE" build -f "$ROOT/$module/src/main/docker/Dockerfile.jvm" -t "$image" "$ROOT/$module"
  [ "$PUSH" = --no-push ] || "$ENGINE" push "$image"
done
