"""Every built-in magic through a real kernel (jupyter_client), with its errors."""
import glob
import os
import pathlib
import re
import subprocess
import time
import zipfile

import pytest

from conftest import DIST, KERNELS
from kernel_session import KernelSession

TIME = r"[\d.]+ (?:s|ms|µs|ns)"


@pytest.fixture(scope="module")
def kernel():
    k = KernelSession(KERNELS["jdk17"])
    yield k
    k.close()


def errors(outputs):
    return [m["content"] for m in outputs if m["msg_type"] == "error"]


def displays(outputs):
    return [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]


def test_legate_info_exact_text_then_what_runs(kernel):
    reply, outputs = kernel.execute("%legate_info")
    assert reply["status"] == "ok"
    text = kernel.stdout(outputs)
    assert text.startswith(
        f"Kernel '{KERNELS['jdk17']}' configured for 1 node(s)\n\n"
        "Cores:\n"
        "  CPUs to use per rank : 4\n"
        "  GPUs to use per rank : 0\n"
        "  OpenMP groups to use per rank : 0\n"
        "  Threads per OpenMP group : 4\n"
        "  Utility processors per rank : 2\n\n"
        "Memory:\n"
        "  DRAM memory per rank (in MBs) : 4000\n"
        "  DRAM memory per NUMA domain per rank (in MBs) : 0\n"
        "  Framebuffer memory per GPU (in MBs) : 4000\n"
        "  Zero-copy memory per rank (in MBs) : 32\n"
        "  Registered CPU-side pinned memory per rank (in MBs) : 0\n\n"
        "Running:\n  Ranks : 1\n")
    assert re.search(r"    rank 0 : host \S+, pid \d+\n", text)
    assert "  GPUs : none (--gpus 0)\n" in text
    html = displays(outputs)[0]["text/html"]
    assert "<table>" in html and "CPUs to use per rank</td><td style=\"text-align:left\">4<" in html


def test_load_ext_legate_jupyter_is_silent_and_others_are_clear_errors(kernel):
    reply, outputs = kernel.execute("%load_ext legate.jupyter")
    assert reply["status"] == "ok" and outputs == []
    reply, _ = kernel.execute("%load_ext com.example.Missing")
    assert reply["ename"] == "UsageError"
    assert reply["evalue"] == "%load_ext: no class com.example.Missing on the classpath (add its jar with %classpath or %maven)"
    reply, _ = kernel.execute("%load_ext java.lang.String")
    assert reply["evalue"] == "%load_ext: java.lang.String is neither a legate.magics.Magic nor a legate.magics.MagicProvider"


def test_load_ext_loads_a_magic_from_a_jar_added_with_classpath(kernel, tmp_path):
    src = tmp_path / "src" / "ext" / "Shout.java"
    src.parent.mkdir(parents=True)
    src.write_text("""
package ext;
import java.util.Set;
import legate.magics.*;
public class Shout implements Magic {
    public String name() { return "shout"; }
    public Set<Form> forms() { return Set.of(Form.LINE); }
    public String help() { return "Say it louder"; }
    public String usage() { return "%shout WORDS"; }
    public Evaluation run(MagicContext c, Invocation i) { c.print(i.args().toUpperCase() + "!\\n"); return null; }
}
""")
    magics_jar = glob.glob(str(DIST / "lib" / "legate-magics-*.jar"))[0]
    classes = tmp_path / "classes"
    subprocess.run(["javac", "-d", str(classes), "-cp", magics_jar, str(src)], check=True)
    jar = tmp_path / "shout.jar"
    with zipfile.ZipFile(jar, "w") as z:
        for f in classes.rglob("*.class"):
            z.write(f, f.relative_to(classes).as_posix())
    reply, outputs = kernel.execute(f"%classpath {tmp_path}/*.jar\n%load_ext ext.Shout\n%shout hello")
    assert reply["status"] == "ok", reply
    assert kernel.stdout(outputs).endswith("HELLO!\n")
    reply, outputs = kernel.execute("%lsmagic")
    assert "%shout" in kernel.stdout(outputs)


def test_lsmagic_lists_line_and_cell_magics(kernel):
    _, outputs = kernel.execute("%lsmagic")
    text = kernel.stdout(outputs)
    line, cell = text.split("\n\n")
    assert line.startswith("Available line magics:\n")
    for name in ["%classpath", "%env", "%legate_info", "%load_ext", "%lsmagic", "%maven", "%run", "%time", "%timeit", "%who"]:
        assert name in line.split()
    assert cell.startswith("Available cell magics:\n")
    for name in ["%%bash", "%%html", "%%javascript", "%%latex", "%%markdown", "%%profile", "%%sh", "%%time", "%%timeit", "%%writefile"]:
        assert name in cell.split()


def test_time_reports_like_ipython_and_keeps_the_value(kernel):
    reply, outputs = kernel.execute("%time Thread.sleep(200)")
    text = kernel.stdout(outputs)
    m = re.match(rf"CPU times: user {TIME}, sys {TIME}, total {TIME}\nWall time: ({TIME})\n", text)
    assert m, text
    value, unit = m.group(1).split()
    wall = float(value) * {"s": 1, "ms": 1e-3, "µs": 1e-6, "ns": 1e-9}[unit]
    assert 0.2 <= wall < 0.5  # the run, not the compilation
    reply, outputs = kernel.execute("%%time\nint t = 20;\nt + 22")
    assert kernel.result(outputs)["text/plain"] == "42"
    assert kernel.stdout(outputs).startswith("CPU times: user ")


def test_timeit_format_and_options(kernel):
    _, outputs = kernel.execute("%timeit -n 10 -r 3 Math.sqrt(2.0)")
    assert re.fullmatch(rf"{TIME} ± {TIME} per loop \(mean ± std\. dev\. of 3 runs, 10 loops each\)\n", kernel.stdout(outputs))
    _, outputs = kernel.execute("%%timeit -r 2 int[] arr = new int[64];\njava.util.Arrays.fill(arr, 7);")
    assert re.fullmatch(rf"{TIME} ± {TIME} per loop \(mean ± std\. dev\. of 2 runs, [\d,]+ loops each\)\n", kernel.stdout(outputs))
    reply, _ = kernel.execute("%timeit -r x 1")
    assert reply["ename"] == "UsageError" and reply["evalue"] == "%timeit: -r expects a whole number >= 1, got x"
    reply, _ = kernel.execute("%timeit undefinedThing()")
    assert reply["ename"] == "CompilationError"


def test_classpath_shows_and_adds(kernel, tmp_path):
    _, outputs = kernel.execute("%classpath")
    assert any("legate-kernel" in line for line in kernel.stdout(outputs).splitlines())
    src = tmp_path / "greet" / "Hello.java"
    src.parent.mkdir()
    src.write_text("package greet; public class Hello { public static String hi() { return \"hi from a folder\"; } }")
    subprocess.run(["javac", "-d", str(tmp_path / "out"), str(src)], check=True)
    reply, outputs = kernel.execute(f"%classpath {tmp_path / 'out'}\ngreet.Hello.hi()")
    assert kernel.result(outputs)["text/plain"] == '"hi from a folder"'
    reply, _ = kernel.execute(f"%classpath {tmp_path}/nothing/*.jar")
    assert reply["ename"] == "UsageError" and "nothing matches" in reply["evalue"]


def make_artifact(repo, tmp, group, artifact, version, java, deps=()):
    """A jar and pom in a Maven repository layout under repo."""
    d = repo / group.replace(".", "/") / artifact / version
    d.mkdir(parents=True)
    src = tmp / f"{artifact}-{version}-src"
    for path, text in java.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(text)
    out = tmp / f"{artifact}-{version}-classes"
    cp = [str(p) for p in repo.rglob("*.jar")]
    subprocess.run(["javac", "-d", str(out), *(["-cp", ":".join(cp)] if cp else []),
                    *[str(src / p) for p in java]], check=True)
    with zipfile.ZipFile(d / f"{artifact}-{version}.jar", "w") as z:
        for f in out.rglob("*.class"):
            z.write(f, f.relative_to(out).as_posix())
    dep_xml = "".join(f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
                      for g, a, v in deps)
    (d / f"{artifact}-{version}.pom").write_text(
        f"<project><modelVersion>4.0.0</modelVersion><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version><dependencies>{dep_xml}</dependencies></project>")


def test_maven_resolves_transitively_in_one_request_with_mediation(kernel, tmp_path):
    repo = tmp_path / "repo"
    for v in ("1.0", "2.0"):
        make_artifact(repo, tmp_path, "org.example", "base", v,
                      {"org/example/base/Base.java": f'package org.example.base; public class Base {{ '
                                                     f'public static String version() {{ return "{v}"; }} }}'})
    make_artifact(repo, tmp_path, "org.example", "greeter", "1.0",
                  {"org/example/greeter/Greeter.java": 'package org.example.greeter; public class Greeter { '
                   'public static String greet() { return "hello with base " + org.example.base.Base.version(); } }'},
                  deps=[("org.example", "base", "1.0")])
    make_artifact(repo, tmp_path, "org.example", "other", "1.0",
                  {"org/example/other/Other.java": "package org.example.other; public class Other {}"},
                  deps=[("org.example", "base", "2.0")])
    local = tmp_path / "m2"
    reply, outputs = kernel.execute(f"%maven --offline --repo {repo.as_uri()} --local-repo {local} "
                                    "org.example:greeter:1.0 org.example:other:1.0")
    assert reply["status"] == "ok", reply
    added = kernel.stdout(outputs)
    assert "org.example:base:jar:1.0" in added and "base:jar:2.0" not in added  # nearest wins, first declared
    assert "org.example:greeter:jar:1.0" in added and "org.example:other:jar:1.0" in added
    _, outputs = kernel.execute("org.example.greeter.Greeter.greet()")
    assert kernel.result(outputs)["text/plain"] == '"hello with base 1.0"'
    reply, _ = kernel.execute(f"%maven --offline --repo {repo.as_uri()} --local-repo {local} org.example:absent:9.9")
    assert reply["ename"] == "DependencyResolutionException" and "org.example:absent" in reply["evalue"]
    reply, _ = kernel.execute("%maven not-a-coordinate")
    assert reply["ename"] == "UsageError" and reply["evalue"] == "%maven: expected GROUP:ARTIFACT:VERSION, got not-a-coordinate"


def test_bash_streams_live_and_fails_on_non_zero_exit(kernel):
    msg_id = kernel.kc.execute("%%bash\necho one\nsleep 1\necho two")
    while True:
        m = kernel.kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            break
    first = time.time()
    assert m["content"]["text"] == "one\n"
    reply = kernel.reply(msg_id)
    assert reply["arrived"] - first > 0.7
    assert kernel.stdout(kernel.collect(msg_id)) == "two\n"
    reply, outputs = kernel.execute("%%sh\necho to-stderr >&2\nexit 3")
    assert kernel.stdout(outputs, "stderr") == "to-stderr\n"
    assert reply["ename"] == "CalledProcessError" and reply["evalue"] == "sh exited with status 3"


def test_env_sets_what_shell_commands_see(kernel):
    _, outputs = kernel.execute("%env LEGATE_TEST_GREETING=hello there")
    assert kernel.stdout(outputs) == "env: LEGATE_TEST_GREETING=hello there\n"
    _, outputs = kernel.execute("%env LEGATE_TEST_GREETING")
    assert kernel.stdout(outputs) == "hello there\n"
    _, outputs = kernel.execute('%%bash\necho "$LEGATE_TEST_GREETING"')
    assert kernel.stdout(outputs) == "hello there\n"
    _, outputs = kernel.execute("%env")
    assert "LEGATE_TEST_GREETING=hello there\n" in kernel.stdout(outputs)
    reply, _ = kernel.execute("%env NO_SUCH_VARIABLE_HERE")
    assert reply["ename"] == "UsageError" and reply["evalue"] == "Environment does not have key: NO_SUCH_VARIABLE_HERE"


@pytest.mark.parametrize("magic,mime", [("html", "text/html"), ("markdown", "text/markdown"),
                                        ("latex", "text/latex"), ("javascript", "application/javascript")])
def test_display_cell_magics(kernel, magic, mime):
    body = {"html": "<b>bold</b>", "markdown": "# Title", "latex": "$x^2$", "javascript": "console.log(1)"}[magic]
    reply, outputs = kernel.execute(f"%%{magic}\n{body}")
    assert reply["status"] == "ok"
    assert displays(outputs)[0][mime] == body


def test_writefile_writes_and_appends(kernel, tmp_path):
    f = tmp_path / "notes.txt"
    _, outputs = kernel.execute(f"%%writefile {f}\nfirst line")
    assert kernel.stdout(outputs) == f"Writing {f}\n"
    _, outputs = kernel.execute(f"%%writefile -a {f}\nsecond line")
    assert kernel.stdout(outputs) == f"Appending to {f}\n"
    assert f.read_text() == "first line\nsecond line\n"
    _, outputs = kernel.execute(f"%%writefile {f}\nreplaced")
    assert kernel.stdout(outputs) == f"Overwriting {f}\n"
    assert f.read_text() == "replaced\n"
    reply, _ = kernel.execute("%%writefile\nno name")
    assert reply["ename"] == "UsageError"


def test_run_runs_a_script_with_its_args_and_keeps_what_it_declares(kernel, tmp_path):
    script = tmp_path / "count.jsh"
    script.write_text('// counts its arguments\nint counted = args.length;\nString joined = String.join("/", args);\n'
                      'System.out.println(counted + " " + joined);\ncounted * 10\n')
    reply, outputs = kernel.execute(f'%run {script} one "two three"\ncounted + 1')
    assert kernel.stdout(outputs) == "2 one/two three\n"
    assert kernel.result(outputs)["text/plain"] == "3"  # a script has no value; the cell's last line has
    reply, outputs = kernel.execute(f"%run {script}")
    assert (reply["status"], kernel.stdout(outputs), kernel.result(outputs)) == ("ok", "0 \n", None), outputs
    typo = tmp_path / "typo.jsh"
    typo.write_text("int fine = 1;\nint broken = fine +;\n")
    reply, outputs = kernel.execute(f"%run {typo}")
    assert reply["ename"] == "CompilationError", reply
    assert errors(outputs)[0]["traceback"][1].startswith("typo.jsh, line 2: "), errors(outputs)
    with_magics = tmp_path / "magics.jsh"  # a magic on its first line, Java after it, a nested %run, an error on line 5
    with_magics.write_text(f'%env RUN_NESTED=1\nint before = 1;\n%run {script} inner\nSystem.out.println("after " + counted);\n'
                           'int after = before / (before - 1);\n')
    reply, outputs = kernel.execute(f"%run {with_magics}")
    assert kernel.stdout(outputs) == "env: RUN_NESTED=1\n1 inner\nafter 1\n", outputs
    assert reply["traceback"] == ["java.lang.ArithmeticException: / by zero", "    at magics.jsh, line 5"], reply
    itself = tmp_path / "itself.jsh"
    itself.write_text(f"int depth = 0;\n%run {itself}\n")
    reply, _ = kernel.execute(f"%run {itself}")
    assert reply["evalue"] == f"%run: scripts run scripts 16 deep (does {itself} run itself?)", reply
    for bad, said in [("", "%run needs a file to run"), (f"{tmp_path / 'none.jsh'}", f"%run: no such file: {tmp_path / 'none.jsh'}"),
                      (f"{tmp_path}", f"%run: {tmp_path} is a directory, not a script"),
                      ("plot.py", "%run runs JShell scripts (Java, usually .jsh); plot.py is Python"),
                      (f"-i {script}", "%run takes no options (-i): the words after FILE are the script's own")]:
        reply, _ = kernel.execute(f"%run {bad}")
        assert reply["ename"] == "UsageError" and reply["evalue"].split("\n")[0] == said, (bad, reply)


def test_who_lists_variables_with_types(kernel):
    kernel.execute('int whoCount = 3;\nList<String> whoNames = List.of("a");')
    _, outputs = kernel.execute("%who")
    lines = kernel.stdout(outputs).splitlines()
    assert lines[0].split() == ["Variable", "Type"]
    assert ["whoCount", "int"] in [l.split(None, 1) for l in lines]
    assert ["whoNames", "List<String>"] in [l.split(None, 1) for l in lines]


def test_unknown_magics_and_misplaced_cell_magics_are_usage_errors(kernel):
    reply, outputs = kernel.execute("%nosuchmagic")
    assert (reply["ename"], reply["evalue"]) == ("UsageError", "Line magic function %nosuchmagic not found.")
    assert errors(outputs)[0]["traceback"] == ["UsageError: Line magic function %nosuchmagic not found."]
    reply, _ = kernel.execute("%%nosuchmagic\nbody")
    assert (reply["ename"], reply["evalue"]) == ("UsageError", "Cell magic %%nosuchmagic not found.")
    reply, _ = kernel.execute("int x9 = 1;\n%%bash\necho no")
    assert reply["evalue"] == "Cell magic %%bash must be the first line of the cell"


def test_line_magics_run_in_order_with_the_java_around_them(kernel):
    reply, outputs = kernel.execute('System.out.println("before");\n%env ORDER_CHECK=1\nSystem.out.println("after");\n"done"')
    assert kernel.stdout(outputs) == "before\nenv: ORDER_CHECK=1\nafter\n"
    assert kernel.result(outputs)["text/plain"] == '"done"'
    reply, outputs = kernel.execute("int modulo = 17\n    % 5;\nmodulo")  # a % line inside Java stays Java
    assert kernel.result(outputs)["text/plain"] == "2"


def test_magic_names_complete_and_usage_pages(kernel):
    msg_id = kernel.kc.complete("%tim")
    r = kernel.reply(msg_id)["content"]
    assert r["matches"] == ["%time", "%timeit", "%%time", "%%timeit"] and r["cursor_start"] == 0
    msg_id = kernel.kc.complete("%%wri")
    assert kernel.reply(msg_id)["content"]["matches"] == ["%%writefile"]
    msg_id = kernel.kc.complete("int a1 = 1;\n%l")  # not on the first line: line magics only
    assert kernel.reply(msg_id)["content"]["matches"] == ["%legate_info", "%load_ext", "%lsmagic"]
    reply, _ = kernel.execute("%timeit?")
    page = reply["payload"][0]
    assert page["source"] == "page" and page["data"]["text/plain"].startswith("%timeit: Time Java code over many loops")
    msg_id = kernel.kc.is_complete("%%bash\necho hi")
    assert kernel.reply(msg_id)["content"]["status"] == "incomplete"
    msg_id = kernel.kc.is_complete("%%bash\necho hi\n")
    assert kernel.reply(msg_id)["content"]["status"] == "complete"
