# avr-host as a container. Build: docker build -t avr-llm-swift .
# The runtime stage is what scripts/package's tarball test proves: the unpacked tarball, run on
# Debian 12 with the system libraries in its SYSTEM-LIBRARIES.txt (curl's and libffi's).

FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY . .
# scripts/package installs the build's system packages (scripts/setup), builds the release and
# writes dist/avr-host-*.tar.gz.
RUN scripts/package --configuration release --output /dist \
    && mkdir /out && tar -C /out -xzf /dist/avr-host-*.tar.gz

FROM debian:bookworm-slim
# libcurl4 and libffi8 pull in every library SYSTEM-LIBRARIES.txt lists; curl is for HEALTHCHECK,
# ca-certificates for https://api.openai.com.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libcurl4 libffi8 libstdc++6 libgcc-s1 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin avr
COPY --from=build --chown=root:root /out/avr-host /app
# The working directory holds plugins.json, functions/ and collect_info's files/: writable by avr.
RUN mkdir -p /app/files && chown avr /app /app/files /app/functions
WORKDIR /app
USER avr
ENV PORT=6004 HOST=0.0.0.0 LOG_FORMAT=json
EXPOSE 6004
# Liveness only; an orchestrator that routes by readiness should probe /readyz instead.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" || exit 1
# SIGTERM drains (SHUTDOWN_DRAIN_DELAY) then gives turns SHUTDOWN_GRACE: keep docker's stop
# timeout above both (docker compose: stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/avr-host"]
