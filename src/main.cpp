#include "cli/app.h"

int main(int argc, char** argv) { return sparkify::cli::run(argc, argv); }
