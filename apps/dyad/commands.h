// Subcommand registration for the dyad CLI. Each cmd_*.cc file adds its subcommands to the app.
//
// Exit codes (stable, for scripts): 0 success; 1 some input failed but the rest was processed;
// 2 usage error; 3 fatal error (nothing useful done: store cannot be opened, model missing, ...);
// 130 interrupted (Ctrl-C), with what was read before the interrupt stored.
#ifndef DYAD_APPS_COMMANDS_H_
#define DYAD_APPS_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace dyad::cli {

constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitFatal = 3;
constexpr int kExitInterrupted = 130;  // Ctrl-C: what was read before it is stored

// The exit code a subcommand's callback sets (CLI11 callbacks return void).
int& ExitCode();

// run, export, stats (cmd_run.cc)
void RegisterRunCommands(CLI::App& app);
// eval segment (cmd_eval_segment.cc), bench (cmd_bench.cc)
void RegisterSegmentEval(CLI::App& eval);
void RegisterBench(CLI::App& app);
// train tagger|parser|ner (cmd_train.cc); eval tagger|parser|ner (cmd_eval_nlp.cc)
void RegisterTrainCommands(CLI::App& app);
void RegisterNlpEval(CLI::App& eval);
// eval extraction (cmd_eval_extraction.cc)
void RegisterExtractionEval(CLI::App& eval);
// actors, actors check, actors import-tabari, eval actors (cmd_actors.cc)
void RegisterActorCommands(CLI::App& app, CLI::App& eval);

}  // namespace dyad::cli

#endif  // DYAD_APPS_COMMANDS_H_
