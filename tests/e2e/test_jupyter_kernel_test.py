"""The Jupyter project's own conformance suite (jupyter_kernel_test), every attribute set,
against kernels started from installed kernelspecs, on JDK 17 and, where present, JDK 25."""
import unittest

import jupyter_kernel_test

from conftest import KERNELS

PNG_CODE = ("var img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
            "display(img);")


class LegateKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNELS["jdk17"]
    language_name = "java"
    file_extension = ".jsh"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went to stderr");'

    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "int myVariable = 1;\nmyVar", "matches": {"myVariable"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "for (int i = 0; i < 3; i++) { }", "class A { }", "x\n"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = ", "class B {", "foo("]
    invalid_code_samples = [")", "}}", '"unterminated']

    code_page_something = "Math.max?"
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"hi"', "result": '"hi"'},
        {"code": 'html("<b>bold</b>")', "mime": "text/html", "result": "<b>bold</b>"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("*emphasis*"));', "mime": "text/markdown"},
        {"code": 'display(latex("$x^2$"));', "mime": "text/latex"},
        {"code": PNG_CODE, "mime": "image/png"},
    ]
    code_history_pattern = "6?7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput();"


@unittest.skipUnless("jdk25" in KERNELS, "no JDK 25 (Temurin) under /usr/lib/jvm")
class LegateKernelTestsJdk25(LegateKernelTests):
    kernel_name = KERNELS.get("jdk25", "missing")


