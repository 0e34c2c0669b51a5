#include "aws/s3_getter.h"

#include <map>
#include <optional>
#include <thread>

#include "aws/curl_easy.h"
#include "common/first_error.h"
#include "common/work_queue.h"

namespace sparkify::aws {
namespace {

using Clock = std::chrono::steady_clock;

// Finished objects travel from the I/O thread (push) to the caller (pop) in
// a WorkQueue; the I/O thread closes it when done or failed, the caller
// cancels it when it leaves get_all.
using ResultQueue = WorkQueue<S3GetResult>;

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

struct Transfer {
  std::size_t index = 0;
  int attempt = 0;
  HttpRequest request;
  detail::HeaderList headers;
  HttpResponse response;
  detail::EasyHandle easy;
};

// Runs on the I/O thread: keeps up to max_in_flight GETs going on one multi
// handle (whose connection cache gives keep-alive reuse), schedules retries,
// and pushes every outcome to the queue.
class TransferLoop {
 public:
  TransferLoop(const S3Client& client, const S3GetterOptions& options, const std::vector<S3GetRequest>& requests,
               ResultQueue& queue)
      : client_(client), options_(options), requests_(requests), queue_(queue) {
    detail::ensure_curl_initialized();
    multi_.reset(curl_multi_init());
    if (!multi_) throw Error(ErrorKind::aws, "cannot start S3 downloads (curl_multi_init failed)");
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.max_in_flight));
    curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options.max_in_flight));
  }

  ~TransferLoop() {
    for (auto& [easy, transfer] : active_) curl_multi_remove_handle(multi_.get(), easy);
  }

  void run() {
    while (finished_ < requests_.size() && !queue_.cancelled()) {
      start_transfers();
      int running = 0;
      curl_multi_perform(multi_.get(), &running);
      int left = 0;
      while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
        if (message->msg == CURLMSG_DONE) finish(message->easy_handle, message->data.result);
      }
      if (finished_ >= requests_.size()) break;
      curl_multi_poll(multi_.get(), nullptr, 0, poll_timeout_ms(), nullptr);
    }
  }

 private:
  void start_transfers() {
    const auto now = Clock::now();
    while (active_.size() < static_cast<std::size_t>(std::max(options_.max_in_flight, 1))) {
      std::unique_ptr<Transfer> transfer;
      if (!waiting_.empty() && waiting_.begin()->first <= now) {
        transfer = std::move(waiting_.begin()->second);
        waiting_.erase(waiting_.begin());
      } else if (next_ < requests_.size()) {
        transfer = std::make_unique<Transfer>();
        transfer->index = next_++;
      } else {
        break;
      }
      start(std::move(transfer));
    }
  }

  void start(std::unique_ptr<Transfer> transfer) {
    const S3GetRequest& request = requests_[transfer->index];
    ++transfer->attempt;
    transfer->request = HttpRequest{"GET", client_.object_url(request.bucket, request.key), {}, {}};
    add_signature_headers(transfer->request, client_.endpoint(), client_.credentials());
    transfer->headers = detail::build_header_list(transfer->request);
    transfer->response = HttpResponse{};
    transfer->response.body.reserve(request.expected.size + options_.body_padding);
    if (idle_.empty()) {
      transfer->easy = detail::make_easy_handle(client_.timeouts());
    } else {
      transfer->easy = std::move(idle_.back());
      idle_.pop_back();
    }
    detail::configure_transfer(transfer->easy.get(), transfer->request, transfer->headers.get(), transfer->response);
    CURL* easy = transfer->easy.get();
    curl_multi_add_handle(multi_.get(), easy);
    active_.emplace(easy, std::move(transfer));
  }

  void finish(CURL* easy, CURLcode code) {
    curl_multi_remove_handle(multi_.get(), easy);
    auto node = active_.extract(easy);
    std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &transfer->response.status);
    idle_.push_back(std::move(transfer->easy));
    const S3GetRequest& request = requests_[transfer->index];
    const bool attempts_left = transfer->attempt < client_.retry_policy().max_attempts;

    if (code != CURLE_OK) {
      if (attempts_left) return retry_later(std::move(transfer));
      const std::string why = fmt::format("GetObject s3://{}/{} failed after {} attempts: {}", request.bucket,
                                          request.key, transfer->attempt, curl_easy_strerror(code));
      if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
        throw S3Error(fmt::format("cannot reach S3 at {} ({}); check --endpoint-url and that the server is running",
                                  client_.endpoint().base_url, why),
                      "", 0);
      }
      return deliver(transfer->index, {}, why);
    }
    HttpResponse& response = transfer->response;
    if (response.status >= 200 && response.status <= 299) {
      const auto problem = s3_body_problem(response, request.expected);
      if (!problem) return deliver(transfer->index, std::move(response.body), {});
      if (attempts_left) return retry_later(std::move(transfer));
      return deliver(transfer->index, {},
                     fmt::format("GetObject s3://{}/{} returned a damaged body after {} attempts: {}", request.bucket,
                                 request.key, transfer->attempt, *problem));
    }
    if (attempts_left && is_retryable_response(response)) return retry_later(std::move(transfer));
    const std::string why = describe_s3_failure(response, "GetObject", request.bucket, request.key);
    const std::string error_code = aws_error_code(response.body);
    if (is_bucket_wide_failure(error_code)) throw S3Error(why, error_code, response.status);
    deliver(transfer->index, {}, why);
  }

  void retry_later(std::unique_ptr<Transfer> transfer) {
    const auto when = Clock::now() + backoff_delay(client_.retry_policy(), transfer->attempt);
    waiting_.emplace(when, std::move(transfer));
  }

  void deliver(std::size_t index, std::string body, std::optional<std::string> error) {
    if (body.capacity() - body.size() < options_.body_padding) body.reserve(body.size() + options_.body_padding);
    ++finished_;
    // A refused push means the caller has left (cancelled); run() stops at its next check.
    static_cast<void>(queue_.push(S3GetResult{index, std::move(body), std::move(error)}));
  }

  int poll_timeout_ms() const {
    int timeout = 100;
    if (!waiting_.empty()) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(waiting_.begin()->first - Clock::now());
      timeout = static_cast<int>(std::clamp<long long>(until.count(), 0, timeout));
    }
    return timeout;
  }

  const S3Client& client_;
  const S3GetterOptions& options_;
  const std::vector<S3GetRequest>& requests_;
  ResultQueue& queue_;
  MultiHandle multi_;
  std::map<CURL*, std::unique_ptr<Transfer>> active_;
  std::multimap<Clock::time_point, std::unique_ptr<Transfer>> waiting_;  // retries, by due time
  std::vector<detail::EasyHandle> idle_;                                 // handles kept for reuse
  std::size_t next_ = 0;                                                 // next request never started
  std::size_t finished_ = 0;                                             // delivered (body or error)
};

// Cancels the queue when the caller leaves get_all (normally or by an
// exception), so the I/O thread stops before it is joined.
struct CancelOnExit {
  ResultQueue& queue;
  ~CancelOnExit() { queue.cancel(); }
};

}  // namespace

S3Getter::S3Getter(const S3Client& client, S3GetterOptions options) : client_(client), options_(options) {}

void S3Getter::get_all(const std::vector<S3GetRequest>& requests, const std::function<bool(S3GetResult&&)>& deliver) {
  if (requests.empty()) return;
  ResultQueue queue(options_.queue_capacity);
  FirstError fatal;  // what ended the I/O thread early, if anything
  std::jthread io([&] {
    try {
      TransferLoop loop(client_, options_, requests, queue);
      loop.run();
    } catch (...) {
      fatal.capture();
    }
    queue.close();
  });
  CancelOnExit cancel_on_exit{queue};
  while (std::optional<S3GetResult> result = queue.pop()) {
    if (!deliver(std::move(*result))) return;  // the caller stopped: cancel_on_exit ends the transfers
  }
  fatal.rethrow_if_any();  // captured before close(), so seen here
}

}  // namespace sparkify::aws
