// dyad: the one command-line tool. Subcommands live in cmd_*.cc; see commands.h for exit codes.
#include <iostream>

#include "apps/dyad/commands.h"

namespace dyad::cli {
int& ExitCode() {
  static int code = kExitOk;
  return code;
}
}  // namespace dyad::cli

int main(int argc, char** argv) {
  CLI::App app{"dyad: structured, evidence-linked event data from news text", "dyad"};
  app.set_version_flag("--version", std::string("dyad ") + DYAD_VERSION);
  app.require_subcommand(1);

  dyad::cli::RegisterRunCommands(app);
  CLI::App* eval = app.add_subcommand("eval", "Measure accuracy against gold data");
  eval->require_subcommand(1);
  dyad::cli::RegisterSegmentEval(*eval);
  dyad::cli::RegisterExtractionEval(*eval);
  dyad::cli::RegisterNlpEval(*eval);
  dyad::cli::RegisterTrainCommands(app);
  dyad::cli::RegisterActorCommands(app, *eval);
  dyad::cli::RegisterBench(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : dyad::cli::kExitUsage;
  }
  return dyad::cli::ExitCode();
}
