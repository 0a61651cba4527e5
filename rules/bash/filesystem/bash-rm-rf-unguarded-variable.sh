#!/bin/bash
BUILD_DIR=$(get_build_dir)

clean_build() {
  # ruleid: bash-rm-rf-unguarded-variable
  rm -rf $BUILD_DIR/*
  # ruleid: bash-rm-rf-unguarded-variable
  rm -rf "$CACHE_DIR"/
  # ruleid: bash-rm-rf-unguarded-variable
  sudo rm -fr "$STEAMROOT/"*
  # ruleid: bash-rm-rf-unguarded-variable
  rm -r -f "${INSTALL_PREFIX}/"
}

for d in "$@"; do
  # ruleid: bash-rm-rf-unguarded-variable
  rm -rf "$d"/*
done

# ruleid: bash-rm-rf-unguarded-variable
rm -rf $1/

# ok: bash-rm-rf-unguarded-variable
rm -rf "${BUILD_DIR:?}"/*
# ok: bash-rm-rf-unguarded-variable
rm -rf "${CACHE_DIR:?must be set}/"
# ok: bash-rm-rf-unguarded-variable
rm -rf "$BUILD_DIR/output"
# ok: bash-rm-rf-unguarded-variable
rm -f "$LOG_DIR"/*
# ok: bash-rm-rf-unguarded-variable
rm -rf "$TMP_WORK"
if [ -n "$OUT_DIR" ]; then
  # ok: bash-rm-rf-unguarded-variable
  rm -rf "$OUT_DIR"/*
fi
# ok: bash-rm-rf-unguarded-variable
[ -d "$STAGING" ] && rm -rf "$STAGING"/*
# ok: bash-rm-rf-unguarded-variable
rm -rf ./build/*
