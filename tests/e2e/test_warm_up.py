"""The array warm-up (issue: a notebook's first run): a kernel compiles the array runtime's hot paths in
the background while it is idle, on a runtime of its own; LEGATE_ARRAY_WARMUP sets its rounds, 0 turns it off."""
import time

from conftest import KERNELS
from kernel_session import KernelSession

THREAD = 'Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("array-warm-up"))'


def value(k, code):
    reply, outputs = k.execute(code)
    assert reply["status"] == "ok", (reply, outputs)
    return KernelSession.result(outputs)["text/plain"]


def test_the_warm_up_runs_while_the_kernel_is_idle_ends_and_leaves_the_users_arrays_alone():
    k = KernelSession(KERNELS["jdk17"], env={"LEGATE_ARRAY_WARMUP": "60"})
    try:
        assert value(k, THREAD) == "true"  # 60 rounds: about a second of a core, in the quiet moments between these cells
        assert value(k, "var kept = np.arange(0.0, 10.0, 1.0); legate.runtime.task.ArrayRuntime.current().memory().chargedBytes()") == "80"
        deadline = time.monotonic() + 120
        while value(k, THREAD) == "true":
            assert time.monotonic() < deadline, "the warm-up did not end"
            time.sleep(0.5)
        assert value(k, "legate.runtime.task.ArrayRuntime.current().memory().chargedBytes()") == "80"  # none of it charged to the user
        assert value(k, "kept.sum()") == "45.0"
    finally:
        k.close()


def test_zero_turns_the_warm_up_off():
    k = KernelSession(KERNELS["jdk17"], env={"LEGATE_ARRAY_WARMUP": "0"})
    try:
        assert value(k, THREAD) == "false"
        assert value(k, "np.arange(4).sum()") == "6.0"
    finally:
        k.close()
