//! What the benchmarks read from Linux: the open-files limit, a process's CPU time and
//! memory (`/proc/<pid>/stat`, `/proc/<pid>/status`).

use std::fs;

/// Raises the soft open-files limit (and the hard one, where allowed: root may go up to
/// `fs.nr_open`) to at least `want`; returns the soft limit now. Child processes inherit it.
pub fn raise_open_files(want: u64) -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        if limit.rlim_cur >= want {
            return limit.rlim_cur;
        }
        let nr_open = fs::read_to_string("/proc/sys/fs/nr_open")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(want);
        let raised = libc::rlimit {
            rlim_cur: want.min(nr_open),
            rlim_max: limit.rlim_max.max(want.min(nr_open)),
        };
        if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) != 0 {
            // Not allowed above the hard limit: take what there is.
            let capped = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            libc::setrlimit(libc::RLIMIT_NOFILE, &capped);
        }
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur
}

/// Clock ticks per second of `/proc/<pid>/stat`'s CPU times.
fn ticks_per_second() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as f64
    } else {
        100.0
    }
}

/// User + system CPU time a process used so far, in seconds (`None`: it is gone).
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: fields count after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, utime 14 and stime 15 (1-based, `man proc`).
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) as f64 / ticks_per_second())
}

/// CPU time of the whole machine so far, in seconds of one core: busy (everything but
/// idle and iowait) and, of that, interrupts and softirqs (`/proc/stat`, first line).
/// Loopback TCP is mostly delivered in softirqs, which no process's own time includes.
pub fn machine_cpu_seconds() -> Option<(f64, f64)> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest times are already in user).
    let total: u64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3)? + ticks.get(4).copied().unwrap_or(0);
    let irq = ticks.get(5).copied().unwrap_or(0) + ticks.get(6).copied().unwrap_or(0);
    let tps = ticks_per_second();
    Some(((total - idle) as f64 / tps, irq as f64 / tps))
}

/// Waits (at most `patience`) until the machine has been quiet for a second: less than
/// `busy_percent` of one core busy. Returns the last second's busy percentage and whether
/// it was quiet. The benchmarks measure CPU-bound work on two cores; a build running beside
/// them changes every figure.
pub fn wait_until_quiet(busy_percent: f64, patience: std::time::Duration) -> (f64, bool) {
    let deadline = std::time::Instant::now() + patience;
    let mut told = false;
    loop {
        let before = machine_cpu_seconds();
        std::thread::sleep(std::time::Duration::from_secs(1));
        let busy = match (before, machine_cpu_seconds()) {
            (Some((b0, _)), Some((b1, _))) => (b1 - b0) * 100.0,
            _ => return (f64::NAN, true),
        };
        if busy < busy_percent {
            return (busy, true);
        }
        if std::time::Instant::now() >= deadline {
            return (busy, false);
        }
        if !told {
            eprintln!(
                "lernort-floor-bench: other programs use {busy:.0}% of one core; waiting up to {} s for a quiet machine",
                patience.as_secs()
            );
            told = true;
        }
    }
}

/// CPU time (seconds) of the kernel's softirq threads (`ksoftirqd/N`) so far. Loopback TCP
/// is delivered in softirqs, in the sending process's context or, under load, in these
/// threads: their time belongs to the benchmark, not to other programs.
pub fn softirq_threads_seconds() -> f64 {
    let Ok(dir) = fs::read_dir("/proc") else {
        return 0.0;
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.starts_with("ksoftirqd"))
        })
        .filter_map(cpu_seconds)
        .sum()
}

/// Resident memory now and its peak (`VmRSS`, `VmHWM`), in MiB.
pub fn memory_mib(pid: u32) -> Option<(f64, f64)> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let me = std::process::id();
        let (rss, hwm) = memory_mib(me).expect("own status");
        assert!(rss > 0.0 && hwm >= rss);
        assert!(cpu_seconds(me).expect("own stat") >= 0.0);
        assert_eq!(cpu_seconds(u32::MAX), None);
        let (busy, irq) = machine_cpu_seconds().expect("/proc/stat");
        assert!(busy > 0.0 && busy >= irq);
        assert!(softirq_threads_seconds() >= 0.0);
        assert!(raise_open_files(256) >= 256);
    }
}
