using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Web.Email;

/// <summary>
/// The loop the queued-mail jobs share (e-mail: publication notices, integrity alerts, the weekly
/// digest): the rows that owe a mail are taken one at a time, each locked in its own transaction (the
/// row query ends in FOR UPDATE SKIP LOCKED), so two runs at once never take the same row, a crash
/// leaves the row owed for the next run, and a refused mail fails that row only. The send step mails
/// what the row owes and saves its marks inside the transaction, which is committed after the step
/// whatever it reports: what it saved stands, what it did not save is still owed. Rows are visited in
/// id order past the last one taken, so a row whose mail failed waits for Hangfire's retry instead of
/// being tried again and again in one run.
/// </summary>
public static class PendingMailSender
{
    /// <summary>What a run (or one row's step) did: mails sent, rows skipped (nothing owed after all), mails that failed.</summary>
    public readonly record struct Tally(int Sent, int Skipped, int Failed)
    {
        public static Tally OneSent => new(1, 0, 0);

        public static Tally OneSkipped => new(0, 1, 0);

        public static Tally OneFailed => new(0, 0, 1);

        public static Tally operator +(Tally a, Tally b) => new(a.Sent + b.Sent, a.Skipped + b.Skipped, a.Failed + b.Failed);

        /// <summary>
        /// Fails the job when a mail failed, so that Hangfire retries it later; what was sent is marked
        /// and is not sent again.
        /// </summary>
        /// <param name="what">The mails in English, plural ("notices"), for the exception's message.</param>
        public void ThrowIfAnyFailed(string kind, string what)
        {
            if (Failed > 0)
            {
                throw new MailNotSentException(kind, new InvalidOperationException($"{Failed} of {Sent + Failed} {what} were not sent."));
            }
        }
    }

    /// <param name="nextAfter">The row query: the first owing row with an id above the given one, locked (FOR UPDATE SKIP LOCKED).</param>
    /// <param name="idOf">The row's id, the cursor of the loop.</param>
    /// <param name="send">Mails what the row owes and saves its marks (it must not commit).</param>
    public static async Task<Tally> SendEachAsync<TRow>(MppSurveyDbContext db, Func<long, IQueryable<TRow>> nextAfter, Func<TRow, long> idOf,
        Func<TRow, Task<Tally>> send, CancellationToken ct)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(nextAfter);
        ArgumentNullException.ThrowIfNull(idOf);
        ArgumentNullException.ThrowIfNull(send);
        var total = default(Tally);
        long after = 0;
        while (true)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var row = (await nextAfter(after).ToListAsync(ct)).SingleOrDefault();
            if (row is null)
            {
                return total;
            }
            after = idOf(row);
            total += await send(row);
            await tx.CommitAsync(ct);
        }
    }
}
