-- Loaded into the mpv that lessontui starts (never into one it attaches to).
-- When lessontui is killed or crashes, this mpv is left with nobody to control
-- it and would play on: quit once our parent process is gone. Linux only
-- (/proc); elsewhere the script does nothing.

local function parent_pid()
    local file = io.open("/proc/self/stat", "r")
    if file == nil then
        return nil
    end
    local stat = file:read("*l")
    file:close()
    -- "pid (comm) state ppid ...": comm may hold spaces and ")", so match from
    -- the last ")".
    return stat and stat:match(".*%) %S+ (%d+)")
end

local parent = parent_pid()
if parent ~= nil then
    mp.add_periodic_timer(1, function()
        if parent_pid() ~= parent then
            mp.msg.warn("lessontui is gone: quitting")
            mp.command("quit")
        end
    end)
end
