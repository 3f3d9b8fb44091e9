// Result<T>: expected failures as values (STYLE.md habit 7).
//
// A Result holds either a value or an Error whose message a person can act on ("row 3, column
// P07: 6 is outside the scale 1..5"). Programmer errors are asserts, not Results.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace suara {

struct Error {
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}     // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::move(error)) {} // NOLINT(google-explicit-constructor)

    explicit operator bool() const { return m_v.index() == 0; }
    bool ok() const { return m_v.index() == 0; }

    T& value() & {
        assert(ok() && "Result::value() on an error");
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok() && "Result::value() on an error");
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok() && "Result::value() on an error");
        return std::get<0>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok() && "Result::error() on a value");
        return std::get<1>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

// Result<void>: success or an Error.
struct Ok {};
using Status = Result<Ok>;

} // namespace suara
