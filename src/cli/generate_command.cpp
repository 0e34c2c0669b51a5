// `sparkify generate`: a synthetic data set in the real layout + truth.json.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "common/interrupt.h"
#include "generate/generator.h"
#include "generate/output_file.h"

namespace sparkify::cli {

void register_generate_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "generate",
      "Write a synthetic Sparkify data set (song_data/, log_data/, truth.json with the expected row counts);\n"
      "progress on stderr as for etl (--quiet: none)");
  auto options_ptr = std::make_shared<generate::GenerateOptions>();
  auto out_ptr = std::make_shared<std::string>();
  auto& options = *options_ptr;
  auto& out = *out_ptr;
  command->add_option("--out", out, "Folder to write into (must not already hold a data set)")->required();
  command->add_option("--songs", options.songs, "Song files")->capture_default_str();
  command->add_option("--events", options.events, "Valid event lines")->capture_default_str();
  command->add_option("--seed", options.seed, "Random seed; the same seed gives the same bytes")->capture_default_str();
  command->add_option("--malformed", options.malformed, "Extra malformed event lines, for testing rejects")
      ->capture_default_str();
  command->add_option("--days", options.days, "Days of event logs, one file per day from 2018-11-01")
      ->capture_default_str();
  command->callback([&context, options_ptr, out_ptr] {
    auto& options = *options_ptr;
    const auto& out = *out_ptr;
    // Written beside --out and moved into it at the end: an interrupted run leaves nothing half-written.
    generate::StagedFolder staged(out, {"song_data", "log_data", "truth.json"});
    set_interrupt_note(fmt::format("nothing written to {}", out));
    options.out = staged.path();
    ShowProgress show(context, *options.board);
    auto summary = generate::generate_dataset(options);
    show.finish();
    staged.commit();
    context.out << fmt::format("wrote {} song files, {} event files ({} events, {} malformed), {:.1f} MB to {}\n",
                               summary.song_files, summary.event_files, summary.event_lines, summary.malformed_lines,
                               static_cast<double>(summary.bytes) / 1e6, out);
  });
}

}  // namespace sparkify::cli
