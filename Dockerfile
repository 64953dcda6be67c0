# The JamSesh Discord bot: `docker build -t jamsesh .` then
# `docker run -e DISCORD_TOKEN=… jamsesh` (no secrets are baked into the image).

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p jamsesh-cli \
 && strip target/release/jamsesh

FROM debian:bookworm-slim
# Fonts for titles in scripts the engraver's embedded outlines lack (Cyrillic, CJK, emoji);
# a General MIDI SoundFont for play-along audio.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
    fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji timgm6mb-soundfont \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home jamsesh
COPY --from=build /src/target/release/jamsesh /usr/local/bin/jamsesh
USER jamsesh
# SIGTERM (docker stop) closes the gateway connections and lets answers in flight finish
# (at most 8 s, inside docker stop's default 10 s).
STOPSIGNAL SIGTERM
# Healthy while connected to the gateway with the commands registered (the bot refreshes a
# file every 10 s). A bot whose registration keeps failing exits non-zero by itself after
# JAMSESH_REGISTER_TIMEOUT_SECONDS; run it with `--restart unless-stopped`.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["jamsesh", "bot", "--health"]
ENTRYPOINT ["jamsesh", "bot"]
