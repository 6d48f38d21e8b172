"""legate-jupyter run as a user runs it: its exit code, what it prints, the files it writes, and
a kernel started from each kind of install answering %legate_info with the options given."""
import contextlib
import json
import os
import pathlib
import shutil
import subprocess
import uuid

import pytest

from conftest import DATA_DIR, DIST, INSTALLER, JDK25_HOME, KERNELS
from jupyter_client.manager import KernelManager

from kernel_session import KernelSession


def clean_env(extra):
    """This environment without LEGATE_* defaults and JAVA_HOME, with `extra` in it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_") and k != "JAVA_HOME"}
    env.update(extra)
    return env


def run(args, data_dir, env_extra=None, check_rc=None, installer=INSTALLER):
    env = clean_env({"JUPYTER_DATA_DIR": str(data_dir), **(env_extra or {})})
    p = subprocess.run([str(installer), *args], capture_output=True, text=True, env=env, timeout=180)
    if check_rc is not None:
        assert p.returncode == check_rc, p.stderr
    return p


@contextlib.contextmanager
def jupyter_environment(env):
    """This process's environment (where jupyter_client looks for kernelspecs) with `env` in it; None unsets."""
    old = {k: os.environ.get(k) for k in env}
    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def answer_logged(kernel_name, code, data_dir):
    """Runs `code` in a fresh kernel installed under `data_dir`, its output and log in a file;
    returns the cell's text/plain result and the log's lines (what Jupyter's terminal shows)."""
    log = data_dir / "kernel.log"
    with jupyter_environment({"JUPYTER_DATA_DIR": str(data_dir)}), open(log, "w") as out:
        k = KernelSession(kernel_name, stderr=out, stdout=out)
        try:
            reply, outputs = k.execute(code)
            assert reply["status"] == "ok", reply
            result = k.result(outputs)["text/plain"]
        finally:
            k.close()
    return result, log.read_text().splitlines()


def legate_info(kernel_name, env, stderr=None):
    with jupyter_environment(env):
        k = KernelSession(kernel_name, stderr=stderr)
        try:
            reply, outputs = k.execute("%legate_info")
            assert reply["status"] == "ok", reply
            return k.stdout(outputs)
        finally:
            k.close()


def test_install_with_options_and_legate_info_from_the_kernel(tmp_path):
    p = run(["--name", "k", "--cpus", "2", "--sysmem", "1234", "--launcher-extra", "--oversubscribe"], tmp_path, check_rc=0)
    assert p.stdout == "Jupyter kernel spec k (k) has been installed\n"
    assert p.stderr == ""
    spec_dir = tmp_path / "kernels" / "k"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"][-2:] == ["-f", "{connection_file}"]
    assert os.path.isabs(spec["argv"][0]) and spec["argv"][0].endswith("/bin/java")
    assert spec["language"] == "java" and spec["interrupt_mode"] == "message" and spec["display_name"] == "k"
    assert spec["env"] == {"__LEGATE_JUPYTER_KERNEL_SPEC__": "k"}
    legate = spec["metadata"]["legate"]
    assert legate["argv"] == ["--name", "k", "--cpus", "2", "--sysmem", "1234", "--launcher-extra", "--oversubscribe"]
    assert legate["core"] == {"cpus": 2, "gpus": 0, "omps": 0, "ompthreads": 4, "utility": 2}
    assert legate["memory"] == {"sysmem": 1234, "numamem": 0, "fbmem": 4000, "zcmem": 32, "regmem": 0, "eager_alloc": 50}
    assert legate["multi_node"] == {"nodes": 1, "ranks_per_node": 1, "not_control_replicable": False,
                                    "launcher": "none", "launcher_extra": ["--oversubscribe"]}
    for size in (32, 64):
        png = (spec_dir / f"logo-{size}x{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == size and int.from_bytes(png[20:24], "big") == size
    listed = json.loads(subprocess.run(["/usr/bin/jupyter", "kernelspec", "list", "--json"], capture_output=True, text=True,
                                       env={**os.environ, "JUPYTER_DATA_DIR": str(tmp_path)}, check=True).stdout)
    assert pathlib.Path(listed["kernelspecs"]["k"]["resource_dir"]) == spec_dir

    info = legate_info("k", {"JUPYTER_DATA_DIR": str(tmp_path)})
    assert info.startswith("Kernel 'k' configured for 1 node(s)\n\nCores:\n  CPUs to use per rank : 2\n")
    assert "  DRAM memory per rank (in MBs) : 1234\n" in info


def test_environment_variables_set_defaults(tmp_path):
    run(["--name", "envk"], tmp_path, {"LEGATE_CPUS": "3", "LEGATE_FBMEM": "777"}, check_rc=0)
    legate = json.loads((tmp_path / "kernels" / "envk" / "kernel.json").read_text())["metadata"]["legate"]
    assert legate["core"]["cpus"] == 3 and legate["memory"]["fbmem"] == 777
    run(["--name", "envk2", "--cpus", "5"], tmp_path, {"LEGATE_CPUS": "3"}, check_rc=0)
    assert json.loads((tmp_path / "kernels" / "envk2" / "kernel.json").read_text())["metadata"]["legate"]["core"]["cpus"] == 5


def test_verbose_output(tmp_path):
    p = run(["--name", "Vk", "-v"], tmp_path, check_rc=0)
    assert p.stdout == "Wrote kernel spec file vk/kernel.json\n\nJupyter kernel spec Vk (Vk) has been installed\n"
    p = run(["--name", "vv", "-vv", "--display-name", "Very Verbose"], tmp_path, check_rc=0)
    head, rest = p.stdout.split("\n\n", 1)
    assert head == "Wrote kernel spec file vv/kernel.json"
    json_text, last = rest.rsplit("\n\n", 1)
    assert json.loads(json_text)["display_name"] == "Very Verbose"
    assert last == "Jupyter kernel spec vv (Very Verbose) has been installed\n"


def test_existing_spec_needs_force(tmp_path):
    run(["--name", "Dup"], tmp_path, check_rc=0)
    p = run(["--name", "Dup", "--cpus", "9"], tmp_path, check_rc=1)
    assert p.stderr == ("ERROR: kernel spec 'Dup' already exists. Remove it by running: "
                        "'jupyter kernelspec uninstall dup', or choose a new kernel name.\n")
    assert p.stdout == ""
    assert json.loads((tmp_path / "kernels" / "dup" / "kernel.json").read_text())["metadata"]["legate"]["core"]["cpus"] == 4
    run(["--name", "Dup", "--cpus", "9", "--force"], tmp_path, check_rc=0)
    assert json.loads((tmp_path / "kernels" / "dup" / "kernel.json").read_text())["metadata"]["legate"]["core"]["cpus"] == 9


BAD = [
    (["--cpu", "2"], "unknown option --cpu (did you mean --cpus?)"),
    (["--nam", "x"], "unknown option --nam"),
    (["--cpus", "x"], '--cpus: expected a whole number >= 1, got "x"'),
    (["--cpus", "2.5"], '--cpus: expected a whole number >= 1, got "2.5"'),
    (["--gpus", "-1"], "--gpus: expected a whole number >= 0, got -1"),
    (["--nodes", "0"], "--nodes: expected a whole number >= 1, got 0"),
    (["--ranks-per-node", "0"], "--ranks-per-node: expected a whole number >= 1, got 0"),
    (["--nodes", "2"], "--nodes 2 needs a launcher to start ranks on other machines: add --launcher mpirun, srun or jsrun"),
    (["--eager-alloc-percentage", "101"], "--eager-alloc-percentage: expected a whole number from 0 to 100, got 101"),
    (["--launcher", "ssh"], '--launcher: expected one of mpirun, jsrun, srun, none, got "ssh"'),
    (["--name", "a b"], "--name: 'a b' is not a valid kernel name; use only letters, digits, '.', '_' and '-'"),
    (["--name", "k/../x"], "is not a valid kernel name"),
    (["--cpus"], "option --cpus expects a value"),
    (["extra"], "unexpected argument extra"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_refused_before_anything_is_written(tmp_path, args, message):
    p = run(args, tmp_path / "data", check_rc=2)
    lines = p.stderr.rstrip("\n").split("\n")
    assert lines[0].startswith("usage: legate-jupyter [-h]")
    assert lines[-1].startswith("legate-jupyter: error: ") and message in lines[-1], p.stderr
    assert "Exception" not in p.stderr and "\tat " not in p.stderr
    assert p.stdout == ""
    assert not (tmp_path / "data").exists()


def test_bad_environment_default_is_refused(tmp_path):
    p = run([], tmp_path / "data", {"LEGATE_SYSMEM": "lots"}, check_rc=2)
    assert p.stderr.rstrip().endswith('legate-jupyter: error: LEGATE_SYSMEM (the default of --sysmem): expected a whole number >= 1, got "lots"')
    assert not (tmp_path / "data").exists()


def test_unwritable_prefix_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    p = run(["--name", "k", "--prefix", str(blocker / "env")], tmp_path / "data", check_rc=2)
    assert f"cannot write the kernel spec to {blocker}/env/share/jupyter/kernels/k" in p.stderr
    assert "is not a folder" in p.stderr


def test_help_lists_the_options_by_group(tmp_path):
    p = run(["--help"], tmp_path, check_rc=0)
    groups = ["Kernel configuration:", "Multi-node configuration:", "Core allocation:", "Memory allocation:", "Informational:"]
    positions = [p.stdout.index(g) for g in groups]
    assert positions == sorted(positions)
    assert "--cpus N" in p.stdout and "(default: 4, or $LEGATE_CPUS)" in p.stdout
    assert "--eager-alloc-percentage P" in p.stdout


def test_prefix_install_and_its_kernel(tmp_path):
    prefix = tmp_path / "env"
    run(["--name", "pk", "--prefix", str(prefix), "--gpus", "1"], tmp_path / "data", check_rc=0)
    assert (prefix / "share" / "jupyter" / "kernels" / "pk" / "kernel.json").is_file()
    assert not (tmp_path / "data").exists()
    info = legate_info("pk", {"JUPYTER_PATH": str(prefix / "share" / "jupyter")})
    assert "  GPUs to use per rank : 1\n" in info
    assert "GPUs : none usable (--gpus 1: no backend for GPUs can run here: cuda: " in info, info


def test_sys_prefix_install_and_its_kernel(tmp_path):
    sys_prefix = subprocess.run(["/usr/bin/python3", "-c", "import sys; print(sys.prefix)"], capture_output=True,
                                text=True, check=True).stdout.strip()
    kernels = pathlib.Path(sys_prefix) / "share" / "jupyter" / "kernels"
    if not os.access(kernels if kernels.exists() else kernels.parent.parent, os.W_OK):
        pytest.skip(f"{kernels} is not writable by this user")
    name = "legate-sys-" + uuid.uuid4().hex[:8]
    try:
        p = run(["--name", name, "--sys-prefix", "--cpus", "1"], tmp_path / "data", check_rc=0)
        assert p.stdout == f"Jupyter kernel spec {name} ({name}) has been installed\n"
        assert (kernels / name / "kernel.json").is_file()
        info = legate_info(name, {})
        assert info.startswith(f"Kernel '{name}' configured for 1 node(s)\n\nCores:\n  CPUs to use per rank : 1\n")
    finally:
        shutil.rmtree(kernels / name, ignore_errors=True)


def edit_metadata(spec_file, edit):
    spec = json.loads(spec_file.read_text())
    edit(spec["metadata"])
    spec_file.write_text(json.dumps(spec, indent=1))


def start_as_jupyter_does(kernel_name, data_dir, stderr_file):
    """Starts the kernel the way a notebook server does (jupyter_client's KernelManager); returns its exit code."""
    with jupyter_environment({"JUPYTER_DATA_DIR": str(data_dir)}), open(stderr_file, "w") as err:
        km = KernelManager(kernel_name=kernel_name)
        km.start_kernel(stderr=err)
        try:
            return km.provisioner.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return None  # it runs: it took the value
        finally:
            if km.is_alive():
                km.shutdown_kernel(now=True)
            km.cleanup_resources()


BAD_METADATA = [
    ("cpus -3", lambda m: m["legate"]["core"].update(cpus=-3), "metadata.legate.core.cpus", "expected a whole number >= 1, got -3"),
    ('cpus "x"', lambda m: m["legate"]["core"].update(cpus="x"), "metadata.legate.core.cpus",
     'expected a whole number >= 1, got "x"'),
    ("wrong type", lambda m: m["legate"]["multi_node"].update(not_control_replicable="yes"),
     "metadata.legate.multi_node.not_control_replicable", 'expected true or false, got "yes"'),
    ("misspelt key", lambda m: m["legate"]["core"].update(cpu=8), "metadata.legate.core.cpu",
     "unknown key; expected one of cpus, gpus, omps, ompthreads, utility"),
]


@pytest.fixture(scope="module")
def installed_once(tmp_path_factory):
    """One install for the hand-edited cases (an install runs a training JVM for its archive: seconds); each case edits it afresh."""
    data_dir = tmp_path_factory.mktemp("hand-edited")
    run(["--name", "bad", "--cpus", "2"], data_dir, check_rc=0)
    spec_file = data_dir / "kernels" / "bad" / "kernel.json"
    return data_dir, spec_file, spec_file.read_text()


@pytest.mark.parametrize("edit,key,expected", [b[1:] for b in BAD_METADATA], ids=[b[0] for b in BAD_METADATA])
def test_a_hand_edited_kernel_json_with_a_bad_value_stops_the_kernel_with_one_line(installed_once, tmp_path, edit, key, expected):
    data_dir, spec_file, as_installed = installed_once
    spec_file.write_text(as_installed)
    edit_metadata(spec_file, edit)
    code = start_as_jupyter_does("bad", data_dir, tmp_path / "stderr")
    assert code is not None and code != 0
    assert (tmp_path / "stderr").read_text() == f"legate kernel: {key} in {spec_file}: {expected}\n"


def test_a_kernel_json_without_the_legate_block_runs_with_the_defaults_and_says_so(tmp_path):
    run(["--name", "noblock", "--cpus", "2", "--sysmem", "1234"], tmp_path, check_rc=0)
    spec_file = tmp_path / "kernels" / "noblock" / "kernel.json"
    edit_metadata(spec_file, lambda m: m.pop("legate"))
    with open(tmp_path / "stderr", "w") as err:
        info = legate_info("noblock", {"JUPYTER_DATA_DIR": str(tmp_path)}, stderr=err)
    assert info.startswith("Kernel 'noblock' configured for 1 node(s)\n\nCores:\n  CPUs to use per rank : 4\n"), info
    assert "  DRAM memory per rank (in MBs) : 4000\n" in info
    said = (tmp_path / "stderr").read_text().splitlines()
    assert said[0] == f"legate kernel: {spec_file} has no metadata.legate block: using the defaults and LEGATE_* variables", said


def test_installer_and_kernel_honour_xdg_data_home(tmp_path):
    name = "legate-xdg-" + uuid.uuid4().hex[:8]
    (tmp_path / "home").mkdir()
    env = {"JUPYTER_DATA_DIR": None, "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    installer_env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_") and k not in ("JAVA_HOME", "JUPYTER_DATA_DIR")}
    installer_env.update({k: v for k, v in env.items() if v is not None})
    p = subprocess.run([str(INSTALLER), "--name", name, "--cpus", "3"], capture_output=True, text=True, env=installer_env,
                       timeout=180)
    assert p.returncode == 0, p.stderr
    spec_dir = tmp_path / "xdg" / "jupyter" / "kernels" / name
    assert (spec_dir / "kernel.json").is_file()
    listed = json.loads(subprocess.run(["/usr/bin/jupyter", "kernelspec", "list", "--json"], capture_output=True, text=True,
                                       env=installer_env, check=True).stdout)
    assert pathlib.Path(listed["kernelspecs"][name]["resource_dir"]) == spec_dir
    # without -Dlegate.kernelspec the kernel looks its spec up by name, where Jupyter looks
    spec = json.loads((spec_dir / "kernel.json").read_text())
    spec["argv"] = [a for a in spec["argv"] if not a.startswith("-Dlegate.kernelspec=")]
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    info = legate_info(name, env)
    assert info.startswith(f"Kernel '{name}' configured for 1 node(s)\n\nCores:\n  CPUs to use per rank : 3\n"), info


@pytest.mark.parametrize("which", ["jdk17", "jdk25"])
def test_the_kernel_starts_from_the_archive_its_install_made(which, tmp_path):
    """The install's training run leaves an AOT cache on JDK 25 and later, a class-data sharing
    archive before; kernel.json starts the JVM from it, and that JVM can map it: forced on
    (-XX:AOTMode=on, -Xshare:on), a JVM with kernel.json's options starts instead of failing."""
    if which not in KERNELS:
        pytest.skip("no JDK 25 here (/usr/lib/jvm/temurin-25*): the AOT cache is made on JDK 25 and later")
    folder = pathlib.Path(DATA_DIR) / "kernels" / KERNELS[which]
    argv = json.loads((folder / "kernel.json").read_text())["argv"]
    read, name, other, force = (("-XX:AOTCache=", "legate-kernel.aot", "legate-kernel.jsa", "-XX:AOTMode=on") if which == "jdk25"
                                else ("-XX:SharedArchiveFile=", "legate-kernel.jsa", "legate-kernel.aot", "-Xshare:on"))
    assert [a for a in argv if a.startswith(("-XX:AOTCache=", "-XX:SharedArchiveFile="))] == [read + str(folder / name)]
    assert (folder / name).stat().st_size > 1 << 20 and not (folder / other).exists()
    jvm = argv[:argv.index("legate.kernel.Main")]  # java, its options, -cp lib/*
    p = subprocess.run([*jvm, force, "-version"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    # a kernel started from it answers, and its log (what Jupyter shows) holds no warning of the JVM's
    log = tmp_path / "kernel.log"
    with open(log, "w") as out:
        k = KernelSession(KERNELS[which], stderr=out, stdout=out)
        try:
            reply, outputs = k.execute("%legate_info")
            assert reply["status"] == "ok", reply
            info = k.stdout(outputs)
        finally:
            k.close()
    assert f"Kernel '{KERNELS[which]}' configured for 1 node(s)" in info
    assert ("Java : 25" if which == "jdk25" else "Java : 17") in info, info
    assert [line for line in log.read_text().splitlines() if "][warning]" in line or "][error" in line] == []
    assert "starts without its class-data archive" not in log.read_text()


@pytest.mark.parametrize("which", ["jdk17", "jdk25"])
def test_a_kernel_whose_archive_no_longer_fits_its_jars_says_so_once_in_its_own_words(which, tmp_path):
    """A distribution rebuilt after the install (here: a copy whose jar changes): the JVM refuses
    the archive, quietly (kernel.json turns its messages off); the kernel says so in one line of its
    log, with the command that installs a fitting one, and runs."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    if which == "jdk25":
        if not JDK25_HOME:
            pytest.skip("no JDK 25 here (/usr/lib/jvm/temurin-25*): the AOT cache is made on JDK 25 and later")
        env["JAVA_HOME"] = JDK25_HOME
    moved = tmp_path / "dist"
    shutil.copytree(DIST, moved, symlinks=True)
    run(["--name", "stale", "--cpus", "1"], tmp_path, env, check_rc=0, installer=moved / "bin" / "legate-jupyter")
    for jar in (moved / "lib").glob("legate-kernel-*.jar"):
        os.utime(jar, (1, 1))  # as a rebuild leaves it: other times
    result, lines = answer_logged("stale", "6 * 7", tmp_path)
    assert result == "42"
    archive = next((tmp_path / "kernels" / "stale").glob("legate-kernel.*"))
    said = [line for line in lines if "starts without its class-data archive" in line]
    assert said == [f"legate kernel: this kernel starts without its class-data archive {archive}: it was made for other jars or "
                    "another java (the distribution was rebuilt or moved, or the JDK updated, since the install); kernels start "
                    "about twice as slowly until it is installed again: legate-jupyter --force --name stale --cpus 1"], lines
    assert [line for line in lines if "][warning]" in line or "][error" in line] == [], lines


def cache_entries(cache):
    """The archives' folders of the cache (driver/ holds the legate driver's pointers)."""
    return sorted(e for e in (cache / "legate" / "class-data").iterdir() if e.name != "driver")


def test_an_install_copies_the_archive_an_earlier_install_made_for_the_same_java_and_jars(tmp_path):
    """The archive depends on the java and the jars, not on the kernel's options: an install keeps it
    in the user's cache (XDG_CACHE_HOME), the next one copies it instead of training again; another
    set of jars (here: the distribution copied elsewhere, as a rebuilt or moved one) trains afresh."""
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    run(["--name", "first"], tmp_path, env, check_rc=0)
    entries = cache_entries(cache)
    name = next((tmp_path / "kernels" / "first").glob("legate-kernel.*")).name  # .jsa, or .aot where java is 25 or later
    assert len(entries) == 1 and [f.name for f in entries[0].iterdir()] == [name], entries
    first = (tmp_path / "kernels" / "first" / name).read_bytes()
    assert (entries[0] / name).read_bytes() == first
    p = run(["--name", "second", "--cpus", "2", "--ranks-per-node", "2"], tmp_path, env, check_rc=0)
    assert p.stderr == "", p.stderr
    second = tmp_path / "kernels" / "second" / name
    assert second.read_bytes() == first  # a copy: two training runs never write the same bytes (see below)
    argv = json.loads((tmp_path / "kernels" / "second" / "kernel.json").read_text())["argv"]
    aot = name.endswith(".aot")
    assert ("-XX:AOTCache=" if aot else "-XX:SharedArchiveFile=") + str(second) in argv
    jvm = argv[:argv.index("legate.kernel.Main")]
    p = subprocess.run([*jvm, "-XX:AOTMode=on" if aot else "-Xshare:on", "-version"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr  # the copy maps: forced on, the JVM would refuse an archive that does not
    moved = tmp_path / "moved"
    shutil.copytree(DIST, moved, symlinks=True)
    run(["--name", "third"], tmp_path, env, check_rc=0, installer=moved / "bin" / "legate-jupyter")
    assert len(cache_entries(cache)) == 2
    assert (tmp_path / "kernels" / "third" / name).read_bytes() != first


def test_an_unwritable_cache_only_costs_the_training_run(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("XDG_CACHE_HOME/legate cannot be a folder under a file")
    p = run(["--name", "nocache"], tmp_path, {"XDG_CACHE_HOME": str(blocker)}, check_rc=0)
    assert p.stderr == "" and next((tmp_path / "kernels" / "nocache").glob("legate-kernel.*")).stat().st_size > 1 << 20


def test_a_two_rank_kernel_on_jdk25_logs_no_warning_of_the_jvm(tmp_path):
    """On JDK 24 and later the JVM warns when Hazelcast (every rank's control plane) first uses
    sun.misc.Unsafe; kernel.json allows it, so Jupyter's log of a 2-rank kernel stays clean."""
    if not JDK25_HOME:
        pytest.skip("no JDK 25 here (/usr/lib/jvm/temurin-25*)")
    run(["--name", "two25", "--ranks-per-node", "2", "--cpus", "1"], tmp_path, {"JAVA_HOME": JDK25_HOME}, check_rc=0)
    result, lines = answer_logged("two25", "Ranks.allreduce(1L, ReduceOp.SUM)", tmp_path)
    assert result == "2"
    assert [line for line in lines if "WARNING" in line or "][warning]" in line] == []


def legate_driver(args, env_extra, dist=DIST):
    return subprocess.run([str(dist / "bin" / "legate"), *args], capture_output=True, text=True, env=clean_env(env_extra), timeout=180)


@pytest.mark.parametrize("which", ["jdk17", "jdk25"])
def test_the_legate_driver_starts_from_the_archive_an_install_kept(which, tmp_path):
    """An install names the archive it keeps in the cache for the `legate` driver of the same jars
    and java (XDG_CACHE_HOME/legate/class-data/driver/); every rank the driver starts maps it (seen in
    /proc/self/maps), and nothing of the JVM's shows on stderr (on JDK 25: no sun.misc.Unsafe warning
    either). An archive of other jars is ignored quietly: the driver starts without it."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    if which == "jdk25":
        if not JDK25_HOME:
            pytest.skip("no JDK 25 here (/usr/lib/jvm/temurin-25*): the AOT cache is made on JDK 25 and later")
        env["JAVA_HOME"] = JDK25_HOME
    run(["--name", "drv"], tmp_path, env, check_rc=0)
    pointers = list((tmp_path / "cache" / "legate" / "class-data" / "driver").iterdir())
    assert len(pointers) == 1, pointers
    archive = pointers[0].read_text().strip()
    assert pathlib.Path(archive).parent.parent == tmp_path / "cache" / "legate" / "class-data"
    assert pathlib.Path(archive).read_bytes() == next((tmp_path / "kernels" / "drv").glob("legate-kernel.*")).read_bytes()
    script = tmp_path / "maps.jsh"
    script.write_text(f'boolean mapped = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps")).contains("{archive}");\n'
                      f'boolean named = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()'
                      f'.anyMatch(a -> a.endsWith("={archive}"));\n'
                      'System.out.println("ranks mapping it: " + Ranks.allreduce(mapped ? 1L : 0L, ReduceOp.SUM));\n'
                      'System.out.println("ranks started with it: " + Ranks.allreduce(named ? 1L : 0L, ReduceOp.SUM));\n')
    p = legate_driver(["--ranks-per-node", "2", "--cpus", "1", str(script)], env)
    assert (p.returncode, p.stdout, p.stderr) == (0, "ranks mapping it: 2\nranks started with it: 2\n", ""), p.stderr
    # the same pointer beside a copy of the distribution, whose jars the archive was not made for
    moved = tmp_path / "moved"
    shutil.copytree(DIST, moved, symlinks=True)
    for jar in (moved / "lib").glob("legate-kernel-*.jar"):
        os.utime(jar, (1, 1))
    other = pointers[0].parent / pointers[0].name.replace(str(DIST.resolve()).replace("/", "%"), str(moved.resolve()).replace("/", "%"))
    assert other != pointers[0]
    other.write_text(archive + "\n")
    p = legate_driver(["--ranks-per-node", "2", "--cpus", "1", str(script)], env, dist=moved)
    assert (p.returncode, p.stdout, p.stderr) == (0, "ranks mapping it: 0\nranks started with it: 2\n", ""), p.stderr
