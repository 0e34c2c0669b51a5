#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

Transaction::~Transaction() {
  if (!open_) return;
  try {
    warehouse_.rollback();
  } catch (...) {
    // A failed rollback during unwinding has nothing better to report than the
    // error already in flight; the engine discards the transaction anyway.
  }
}

void Transaction::commit() {
  warehouse_.commit();
  open_ = false;
}

}  // namespace sparkify::warehouse
