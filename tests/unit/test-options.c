/* Unit tests for the command-line parser (src/options.c): what each option
 * and EMU_* variable sets, which wins, and how bad input ends. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "src/options.h"
#include "src/target.h"

/* Every variable the parser reads, cleared so the tests do not depend on
 * the environment they run in. */
static const char *const emu_vars[] = {
    "EMU_LD_PREFIX", "EMU_SET_ENV", "EMU_UNSET_ENV", "EMU_ARGV0",
    "EMU_LOG",       "EMU_LOG_FILENAME", "EMU_SINGLESTEP", "EMU_RAND_SEED",
    "EMU_CPU",       "EMU_STRACE",
};

static void clear_env(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(emu_vars); i++) {
        g_unsetenv(emu_vars[i]);
    }
}

/* Parse a NULL-terminated list of arguments after "emu". */
static void parse(EmuOptions *o, ...)
{
    GPtrArray *args = g_ptr_array_new();
    va_list ap;
    const char *a;

    g_ptr_array_add(args, (char *)"emu");
    va_start(ap, o);
    while ((a = va_arg(ap, const char *))) {
        g_ptr_array_add(args, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(args, NULL);
    /* args->pdata stays alive: guest_argv points into it. */
    emu_options_parse(args->len - 1, (char **)args->pdata, o);
}

/* Help and lists are for people; here only the exit status counts. */
static void quiet_stdout(void)
{
    if (!freopen("/dev/null", "w", stdout)) {
        ck_abort_msg("cannot open /dev/null");
    }
}

static bool has(GPtrArray *list, const char *s)
{
    for (guint i = 0; i < list->len; i++) {
        if (strcmp(g_ptr_array_index(list, i), s) == 0) {
            return true;
        }
    }
    return false;
}

START_TEST(test_program_and_args)
{
    EmuOptions o;

    clear_env();
    parse(&o, "./prog", "-d", "cpu", "--", NULL);
    ck_assert_int_eq(o.guest_argc, 4);
    ck_assert_str_eq(o.guest_argv[0], "./prog");
    /* Options after the program are the program's. */
    ck_assert_str_eq(o.guest_argv[1], "-d");
    ck_assert_str_eq(o.guest_argv[3], "--");
    ck_assert_uint_eq(o.log_mask, 0);
    ck_assert(!o.strace && !o.one_insn_per_tb && !o.have_seed);
    ck_assert_ptr_null(o.sysroot);
    ck_assert_ptr_null(o.cpu);
}
END_TEST

START_TEST(test_every_option)
{
    EmuOptions o;

    clear_env();
    parse(&o, "-L", "/", "-0", "zero", "-D", "log.txt", "-one-insn-per-tb",
          "-seed", "0x10", "-d", "in_asm,cpu", "-strace", "-E", "A=1", "-U",
          "B", "prog", "x", NULL);
    ck_assert_str_eq(o.sysroot, "/");
    ck_assert_str_eq(o.argv0, "zero");
    ck_assert_str_eq(o.log_file, "log.txt");
    ck_assert(o.one_insn_per_tb);
    ck_assert(o.have_seed);
    ck_assert_uint_eq(o.seed, 16);
    ck_assert_uint_eq(o.log_mask, LOG_IN_ASM | LOG_CPU | LOG_STRACE);
    ck_assert(o.strace);
    ck_assert(has(o.env_set, "A=1"));
    ck_assert(has(o.env_unset, "B"));
    ck_assert_int_eq(o.guest_argc, 2);
    ck_assert_str_eq(o.guest_argv[1], "x");
}
END_TEST

START_TEST(test_spellings)
{
    EmuOptions o;

    clear_env();
    /* Two dashes, =VALUE, and qemu's -singlestep all work. */
    parse(&o, "--seed=7", "-singlestep", "--d", "strace", "--", "-prog",
          NULL);
    ck_assert_uint_eq(o.seed, 7);
    ck_assert(o.one_insn_per_tb);
    ck_assert(o.strace); /* -d strace is -strace */
    ck_assert_str_eq(o.guest_argv[0], "-prog");
}
END_TEST

START_TEST(test_cpu_model)
{
    const Target *t = target_by_elf_machine(183);
    char *model;
    EmuOptions o;

    ck_assert_ptr_nonnull(t);
    /* -cpu takes the first word of what -cpu help shows. */
    model = g_strndup(t->cpu_model, strcspn(t->cpu_model, " "));
    clear_env();
    parse(&o, "-cpu", model, "p", NULL);
    ck_assert_str_eq(o.cpu, model);
    g_free(model);
}
END_TEST

/* A variable the command line overrides is not even checked. */
START_TEST(test_overridden_env_ignored)
{
    EmuOptions o;

    clear_env();
    g_setenv("EMU_CPU", "no-such-cpu", true);
    g_setenv("EMU_RAND_SEED", "not-a-number", true);
    quiet_stdout();
    parse(&o, "-seed", "1", "-cpu", "help", NULL);
}
END_TEST

START_TEST(test_env_values)
{
    EmuOptions o;

    clear_env();
    g_setenv("EMU_LD_PREFIX", "/", true);
    g_setenv("EMU_ARGV0", "from-env", true);
    g_setenv("EMU_RAND_SEED", "5", true);
    g_setenv("EMU_SINGLESTEP", "1", true);
    g_setenv("EMU_STRACE", "0", true);
    g_setenv("EMU_LOG", "cpu", true);
    g_setenv("EMU_SET_ENV", "A=1,B=2", true);
    g_setenv("EMU_UNSET_ENV", "C", true);
    g_setenv("EMU_LOG_FILENAME", "", true);
    parse(&o, "-0", "from-cmdline", "-seed", "6", "-E", "C=3", "-U", "A", "p",
          NULL);
    ck_assert_str_eq(o.sysroot, "/");
    ck_assert_str_eq(o.argv0, "from-cmdline");
    ck_assert_uint_eq(o.seed, 6);
    ck_assert(o.one_insn_per_tb);
    ck_assert(!o.strace);
    ck_assert_uint_eq(o.log_mask, LOG_CPU);
    ck_assert_ptr_null(o.log_file);
    /* The command line's -E/-U come after the environment's lists. */
    ck_assert(has(o.env_set, "B=2"));
    ck_assert(has(o.env_set, "C=3"));
    ck_assert(!has(o.env_set, "A=1"));
    ck_assert(has(o.env_unset, "A"));
    ck_assert(!has(o.env_unset, "C"));
}
END_TEST

START_TEST(test_last_of_e_and_u_wins)
{
    EmuOptions o;

    clear_env();
    parse(&o, "-E", "X=1", "-U", "X", "-U", "Y", "-E", "Y=2", "-E", "Y=3",
          "p", NULL);
    ck_assert_uint_eq(o.env_set->len, 1);
    ck_assert(has(o.env_set, "Y=3"));
    ck_assert_uint_eq(o.env_unset->len, 1);
    ck_assert(has(o.env_unset, "X"));
}
END_TEST

/* Each of these ends emu with status 1 and a message. */
static const char *const bad[][4] = {
    { "-x", "p" },
    { "--no-such-option", "p" },
    { NULL },                      /* no program */
    { "-d", "cpu" },               /* -d took "cpu": no program */
    { "-L" },                      /* missing argument */
    { "-L", "/no/such/dir", "p" }, /* not a directory */
    { "-seed", "-1", "p" },
    { "-seed", "12x", "p" },
    { "-seed", "99999999999999999999999", "p" },
    { "-d", "no_such_item", "p" },
    { "-cpu", "no-such-cpu", "p" },
    { "-E", "NOEQUALS", "p" },
    { "-E", "=value", "p" },
    { "-U", "A=1", "p" },
    { "-strace=yes", "p" },
    { "-D", "", "p" },
};

START_TEST(test_bad_input_exits_1)
{
    EmuOptions o;
    const char *const *a = bad[_i];
    char *argv[6] = { (char *)"emu" };
    int argc = 1;

    clear_env();
    for (int k = 0; k < 4 && a[k]; k++) {
        argv[argc++] = (char *)a[k];
    }
    emu_options_parse(argc, argv, &o);
}
END_TEST

static const char *const bad_env[][2] = {
    { "EMU_RAND_SEED", "abc" },
    { "EMU_CPU", "no-such-cpu" },
    { "EMU_LOG", "cpu,no_such_item" },
    { "EMU_SET_ENV", "A=1,NOEQUALS" },
    { "EMU_LD_PREFIX", "/no/such/dir" },
};

START_TEST(test_bad_env_exits_1)
{
    EmuOptions o;

    clear_env();
    g_setenv(bad_env[_i][0], bad_env[_i][1], true);
    parse(&o, "p", NULL);
}
END_TEST

START_TEST(test_help_version_exit_0)
{
    static const char *const asks[] = { "-h", "--help", "-help", "-V",
                                        "--version", "--list-options",
                                        "--list-env" };
    EmuOptions o;
    char *argv[] = { (char *)"emu", (char *)asks[_i], NULL };

    clear_env();
    quiet_stdout();
    emu_options_parse(2, argv, &o);
}
END_TEST

START_TEST(test_lists_exit_0)
{
    EmuOptions o;
    char *argv[] = { (char *)"emu", (char *)(_i ? "-cpu" : "-d"),
                     (char *)"help", NULL };

    clear_env();
    quiet_stdout();
    emu_options_parse(3, argv, &o);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, test_program_and_args);
    tcase_add_test(tc, test_every_option);
    tcase_add_test(tc, test_spellings);
    tcase_add_test(tc, test_env_values);
    tcase_add_test(tc, test_last_of_e_and_u_wins);
    tcase_add_test(tc, test_cpu_model);
    tcase_add_exit_test(tc, test_overridden_env_ignored, 0);
    tcase_add_loop_exit_test(tc, test_bad_input_exits_1, 1, 0,
                             G_N_ELEMENTS(bad));
    tcase_add_loop_exit_test(tc, test_bad_env_exits_1, 1, 0,
                             G_N_ELEMENTS(bad_env));
    tcase_add_loop_exit_test(tc, test_help_version_exit_0, 0, 0, 7);
    tcase_add_loop_exit_test(tc, test_lists_exit_0, 0, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(options_suite());
    int failed;

    /* Help and errors exit: each test needs its own process. */
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
