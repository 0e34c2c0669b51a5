#include "report/chart.h"

#include <algorithm>

namespace sparkify::report {

bool Chart::empty() const { return largest_bar() <= 0; }

double Chart::largest_bar() const {
  double largest = 0;
  for (std::size_t c = 0; c < categories.size(); ++c) {
    double sum = 0;
    for (const auto& s : series) {
      const double value = c < s.values.size() ? s.values[c] : 0;
      sum += value;
      largest = std::max(largest, value);
    }
    if (stacked) largest = std::max(largest, sum);
  }
  return largest;
}

}  // namespace sparkify::report
