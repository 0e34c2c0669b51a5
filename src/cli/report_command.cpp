// `sparkify report [--out FILE] [--format html|markdown]`: reads the warehouse
// (DuckDB opened read-only) and writes one self-contained report file.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "common/error.h"
#include "report/render.h"
#include "report/report.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::cli {
namespace {

std::string now_utc() {
  return fmt::format("{:%Y-%m-%d %H:%M} UTC",
                     std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()));
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file)
    throw_error(ErrorKind::usage, "cannot write the report to {}: check the folder exists and is writable", path);
}

}  // namespace

void register_report_command(CLI::App& app, CommandContext& context) {
  auto* command =
      app.add_subcommand("report",
                         "Write a report of the warehouse: one self-contained HTML file with charts (opens offline),\n"
                         "or markdown for a README. Reads only; a DuckDB file is opened read-only.");
  struct Options {
    std::string out, format = "html";
  };
  auto options = std::make_shared<Options>();
  command->add_option("--out", options->out,
                      "Output file, '-' for stdout (default: sparkify-report.html, or .md with --format markdown)");
  command->add_option("--format", options->format, "html or markdown")
      ->transform(CLI::IsMember({"html", "markdown"}, CLI::ignore_case))
      ->capture_default_str();
  command->callback([&context, options] {
    const bool html = options->format == "html";
    const std::string out =
        options->out.empty() ? (html ? "sparkify-report.html" : "sparkify-report.md") : options->out;
    auto warehouse = warehouse::open_warehouse(context.settings(), warehouse::OpenMode::read_only);
    context.progress("querying " + warehouse->describe());
    const auto report = report::build_report(*warehouse, now_utc());
    const std::string text = html ? report::render_html(report) : report::render_markdown(report);
    if (out == "-") {
      context.out << text;
      return;
    }
    write_file(out, text);
    std::size_t with_data = 0;
    for (const auto& chart : report.charts) with_data += chart.empty() ? 0 : 1;
    context.out << fmt::format("wrote {} ({} charts, {} with data) from {}\n", out, report.charts.size(), with_data,
                               warehouse->describe());
  });
}

}  // namespace sparkify::cli
